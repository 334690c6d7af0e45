// Guest cart tokens. A guest proves ownership of a cart with a bearer secret
// of 32 random bytes (256 bits), sent in X-Cart-Token. Only its SHA-256 is
// stored, so a database leak does not hand out carts; a cart id alone, which
// appears in URLs and logs, gives no access. A wrong token looks exactly
// like an unknown cart (404).
import { createHash, randomBytes } from "node:crypto";

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function generateCartToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Returns the lower-case hex SHA-256 of a token. */
export function hashCartToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Returns true when `token` has the shape of a generated token. */
export function isWellFormedCartToken(
  token: string | undefined,
): token is string {
  return token !== undefined && tokenPattern.test(token);
}
