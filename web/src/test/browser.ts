// A minimal browser for the web's tests: it keeps cookies between
// requests, never follows redirects by itself, and posts forms the way a
// browser does (urlencoded, with the page's own Origin and the CSRF token
// read from the form).

export interface PostOptions {
  /** The Origin header to send; a browser sends the page's own. */
  origin?: string | null;
  /** False to leave the CSRF token out of the form. */
  includeCsrf?: boolean;
  /** The page whose form is posted; its CSRF token is used. */
  formPage?: string;
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header received, newest last. */
  readonly setCookieHeaders: string[] = [];

  constructor(
    readonly baseUrl: string,
    readonly userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  ) {}

  /** Returns a browser with a copy of this one's cookies, like a new tab. */
  fork(): TestBrowser {
    const copy = new TestBrowser(this.baseUrl, this.userAgent);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  cookieHeader(): string {
    return [...this.cookies]
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }

  /** Stores the cookies of `response`, as a browser does. */
  storeCookies(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      this.setCookieHeaders.push(header);
      const [pair = "", ...attributes] = header.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const isExpired = attributes.some((attribute) =>
        /^\s*max-age=0\s*$/i.test(attribute),
      );
      if (isExpired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("user-agent", this.userAgent);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers,
      redirect: "manual",
    });
    this.storeCookies(response);
    return response;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** GETs `path` and returns the status and the HTML. */
  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.get(path);
    return { status: response.status, html: await response.text() };
  }

  /** Reads the CSRF token of the first form on `path`. */
  async csrfTokenOf(path: string): Promise<string> {
    const { html } = await this.page(path);
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (match?.[1] === undefined) {
      throw new Error(`no CSRF token on ${path}:\n${html.slice(0, 2000)}`);
    }
    return match[1];
  }

  /** Posts `fields` as a form, with the CSRF token of `options.formPage`. */
  async post(
    path: string,
    fields: Record<string, string>,
    options: PostOptions = {},
  ): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (options.includeCsrf !== false) {
      body.set("_csrf", await this.csrfTokenOf(options.formPage ?? path));
    }
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
    };
    const origin = options.origin === undefined ? this.baseUrl : options.origin;
    if (origin !== null) headers.origin = origin;
    return this.request(path, { method: "POST", headers, body });
  }
}

/** Returns the content of the element with `id` in `html`, for assertions. */
export function elementText(html: string, id: string): string | undefined {
  const pattern = new RegExp(`<(\\w+)[^>]* id="${id}"[^>]*>([\\s\\S]*?)</\\1>`);
  return pattern.exec(html)?.[2];
}
