// Weighs every page a journey visits: the bytes of HTML, CSS, JavaScript and
// everything else the browser transferred for it, read from the responses.
// The cache is off in the weighed tabs, so each page counts as a first
// visit. A budget states what a page may load, and the table goes into the
// test output.
import type { Page, Response } from "playwright-core";

export interface PageWeight {
  /** The request that loaded the page: "GET /c/apparel", "POST /register (400)". */
  page: string;
  htmlBytes: number;
  cssBytes: number;
  javaScriptBytes: number;
  /** Images, fonts, the favicon and anything else. */
  otherBytes: number;
  javaScriptRequests: number;
  requests: number;
}

export interface PageBudget {
  /** What the budget is for, in failure messages. */
  name: string;
  maxJavaScriptRequests: number;
  maxJavaScriptBytes: number;
  maxHtmlAndCssBytes: number;
}

/**
 * HTML plus CSS that one storefront page may transfer: 60 KiB. The pages
 * the journeys visit weigh 24-41 KB, of which the stylesheet is 21 KB; the
 * heaviest is the address form with its country list. The budget leaves
 * room for the cart and checkout pages without letting a page grow by half
 * unnoticed.
 */
export const storefrontHtmlAndCssBudgetBytes = 60 * 1024;

/** The storefront works without JavaScript and ships none. */
export const storefrontBudget: PageBudget = {
  name: "storefront",
  maxJavaScriptRequests: 0,
  maxJavaScriptBytes: 0,
  maxHtmlAndCssBytes: storefrontHtmlAndCssBudgetBytes,
};

type ResourceKind = "html" | "css" | "javaScript" | "other";

/** The field of a PageWeight that counts the bytes of each kind. */
const bytesField = {
  html: "htmlBytes",
  css: "cssBytes",
  javaScript: "javaScriptBytes",
  other: "otherBytes",
} as const satisfies Record<ResourceKind, keyof PageWeight>;

function kindOf(response: Response): ResourceKind {
  switch (response.request().resourceType()) {
    case "document":
      return "html";
    case "stylesheet":
      return "css";
    case "script":
      return "javaScript";
    default:
      return "other";
  }
}

/** Returns the body bytes sent over the network, or else the body's length. */
async function transferredBodyBytes(response: Response): Promise<number> {
  try {
    const sizes = await response.request().sizes();
    if (sizes.responseBodySize >= 0) return sizes.responseBodySize;
  } catch {
    // The tab closed before the sizes arrived: fall back to the body.
  }
  try {
    return (await response.body()).byteLength;
  } catch {
    return 0;
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** Query parameters whose values are secrets, left out of the report. */
const secretParameters = ["token"];

function describeRequest(response: Response): string {
  const request = response.request();
  const url = new URL(request.url());
  for (const name of secretParameters) {
    if (url.searchParams.has(name)) url.searchParams.set(name, "hidden");
  }
  const status = response.status();
  const suffix = status === 200 ? "" : ` (${status})`;
  return `${request.method()} ${url.pathname}${url.search}${suffix}`;
}

/** Collects the weight of each page loaded in the tabs it is attached to. */
export class PageWeightRecorder {
  private readonly pages: PageWeight[] = [];
  private readonly pending: Promise<void>[] = [];

  /**
   * Weighs the page loads of `page` from now on. Responses count towards
   * the latest page that tab loaded; redirects carry no page of their own.
   */
  async attach(page: Page): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    let current: PageWeight | undefined;
    page.on("response", (response) => {
      const request = response.request();
      const isPageLoad =
        request.isNavigationRequest() && response.frame() === page.mainFrame();
      if (isPageLoad) {
        if (isRedirect(response.status())) return;
        current = {
          page: describeRequest(response),
          htmlBytes: 0,
          cssBytes: 0,
          javaScriptBytes: 0,
          otherBytes: 0,
          javaScriptRequests: 0,
          requests: 0,
        };
        this.pages.push(current);
      }
      const weight = current;
      if (weight === undefined) return;
      const kind = kindOf(response);
      weight.requests += 1;
      if (kind === "javaScript") weight.javaScriptRequests += 1;
      this.pending.push(
        transferredBodyBytes(response).then((bytes) => {
          weight[bytesField[kind]] += bytes;
        }),
      );
    });
  }

  /** Returns every page loaded so far, in order, once their sizes are known. */
  async rows(): Promise<PageWeight[]> {
    await Promise.all(this.pending);
    return this.pages.map((row) => ({ ...row }));
  }
}

/** Formats `rows` as a Markdown table, one page per line, sizes in bytes. */
export function formatWeightTable(rows: readonly PageWeight[]): string {
  const header = ["page", "HTML", "CSS", "JS", "other", "requests"];
  const lines = rows.map((row) => [
    row.page,
    String(row.htmlBytes),
    String(row.cssBytes),
    String(row.javaScriptBytes),
    String(row.otherBytes),
    String(row.requests),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: readonly string[]): string =>
    `| ${cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join(" | ")} |`;
  // Numbers align right: "---:" in Markdown.
  const rule = `| ${widths
    .map((width, column) =>
      column === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`,
    )
    .join(" | ")} |`;
  return [format(header), rule, ...lines.map(format)].join("\n");
}

/** Lists each way the pages in `rows` break `budget`; empty when none does. */
export function findBudgetOverruns(
  rows: readonly PageWeight[],
  budget: PageBudget,
): string[] {
  const overruns: string[] = [];
  for (const row of rows) {
    if (row.javaScriptRequests > budget.maxJavaScriptRequests) {
      overruns.push(
        `${row.page}: ${row.javaScriptRequests} JavaScript requests (${budget.name} budget ${budget.maxJavaScriptRequests})`,
      );
    }
    if (row.javaScriptBytes > budget.maxJavaScriptBytes) {
      overruns.push(
        `${row.page}: ${row.javaScriptBytes} bytes of JavaScript (${budget.name} budget ${budget.maxJavaScriptBytes})`,
      );
    }
    const htmlAndCss = row.htmlBytes + row.cssBytes;
    if (htmlAndCss > budget.maxHtmlAndCssBytes) {
      overruns.push(
        `${row.page}: ${htmlAndCss} bytes of HTML and CSS (${budget.name} budget ${budget.maxHtmlAndCssBytes})`,
      );
    }
  }
  return overruns;
}
