// The `next` parameter of the sign-in page: where to go after signing in.
// Only a path on this site is accepted, so a link such as
// `/sign-in?next=//evil.example` cannot turn the shop into an open redirect.

/** Longest `next` accepted; longer values fall back to the default. */
const maxNextLength = 2_000;

/** A base that no real request uses, to resolve paths against. */
const probeOrigin = "http://next-path.invalid";

/**
 * Returns `raw` when it is a path on this site, else undefined. Rejected:
 * anything not starting with exactly one `/` (`//evil`, `https://evil`,
 * `evil`), any backslash (browsers read `/\evil` as `//evil`), and control
 * characters (URL parsers drop tabs and newlines, so `/\t/evil` would become
 * `//evil`).
 */
export function parseNextPath(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  if (raw.length === 0 || raw.length > maxNextLength) return undefined;
  if (!raw.startsWith("/") || raw.startsWith("//")) return undefined;
  if (raw.includes("\\")) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) return undefined;

  // A final check with a real URL parser: the result must stay on the
  // probe origin.
  let url: URL;
  try {
    url = new URL(raw, probeOrigin);
  } catch {
    return undefined;
  }
  if (url.origin !== probeOrigin) return undefined;
  // Dot segments collapse during parsing: `/..//evil.example` normalises to
  // `//evil.example`, which a browser reads as another host. The normalised
  // path therefore passes the same first-character rule again.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path.startsWith("//")) return undefined;
  return path;
}

/** Returns the sign-in page's URL that comes back to `next` afterwards. */
export function signInUrl(next: string | undefined): string {
  if (next === undefined || next === "/") return "/sign-in";
  return `/sign-in?${new URLSearchParams({ next }).toString()}`;
}
