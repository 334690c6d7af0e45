// A journey is one test that follows a shopper's story in named steps. The
// Shopper drives one browser tab: it visits pages, follows links, fills in
// and sends forms, and checks every page it lands on with axe. At the end
// the journey reports its steps, the axe results and the weight of each
// page, and fails when a page breaks its budget.
import assert from "node:assert/strict";
import type { TestContext } from "node:test";

import type { Locator, Page, Response } from "playwright-core";

import {
  expectAccessible,
  type AccessibilityOptions,
  type AccessibilityReport,
} from "./accessibility.js";
import {
  launchBrowser,
  type BrowserOptions,
  type ShopBrowser,
} from "./browser.js";
import {
  findBudgetOverruns,
  formatWeightTable,
  storefrontBudget,
  type PageBudget,
} from "./page-weight.js";
import type { Shop } from "./shop.js";

/** Maximum wait for one page load or one element. */
const actionTimeoutMs = 15_000;

export interface JourneyOptions extends BrowserOptions {
  /** What each page may load; the storefront's budget by default. */
  budget?: PageBudget;
}

/** What the tabs and browsers of one journey share. */
interface JourneyState {
  options: JourneyOptions;
  /** Every browser the journey opened, to weigh and close at the end. */
  browsers: ShopBrowser[];
  steps: { name: string; ms: number }[];
  audits: AccessibilityReport[];
}

/** Where a link or a button is looked for: the page or a part of it. */
type Scope = Page | Locator;

export interface NavigationOptions {
  /** The expected HTTP status of the page; 200 by default. */
  status?: number;
  /** Where to look for the link or button; the whole page by default. */
  within?: Scope;
  /** axe rules to leave out on the page it leads to, with reasons. */
  accessibility?: AccessibilityOptions;
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** One browser tab of a shopper, and the steps of the journey. */
export class Shopper {
  constructor(
    readonly shop: Shop,
    readonly browser: ShopBrowser,
    readonly page: Page,
    private readonly journey: JourneyState,
  ) {
    page.setDefaultTimeout(actionTimeoutMs);
  }

  /**
   * Runs one step of the story. A failure names the step and the page the
   * tab was on.
   */
  async step(name: string, action: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await action();
    } catch (error) {
      const title = await this.page.title().catch(() => "unknown");
      const where = `Step "${name}" failed on ${this.page.url()} ("${title}")`;
      // The error keeps its class and details (an assertion's actual and
      // expected values); only its message gains the step.
      if (error instanceof Error) {
        const original = error.message;
        error.message = `${where}:\n${original}`;
        // The test runner prints the stack, which starts with the message.
        error.stack = error.stack?.replace(original, error.message);
        throw error;
      }
      throw new Error(`${where}: ${String(error)}`);
    }
    this.journey.steps.push({ name, ms: Date.now() - started });
  }

  /** Opens a second tab in the same browser, sharing its cookies. */
  async openTab(): Promise<Shopper> {
    const page = await this.browser.newPage();
    return new Shopper(this.shop, this.browser, page, this.journey);
  }

  /** Opens a browser of its own, as on another device: no shared cookies. */
  async openAnotherDevice(): Promise<Shopper> {
    const browser = await launchBrowser(this.journey.options);
    this.journey.browsers.push(browser);
    return new Shopper(
      this.shop,
      browser,
      await browser.newPage(),
      this.journey,
    );
  }

  /** Runs axe on the page as it is now and keeps the result for the report. */
  async checkAccessible(options: AccessibilityOptions = {}): Promise<void> {
    this.journey.audits.push(await expectAccessible(this.page, options));
  }

  /**
   * Runs `action`, waits for the page it loads (after any redirects),
   * checks its status, and runs axe on it.
   */
  async waitForPage(
    action: () => Promise<unknown>,
    options: NavigationOptions = {},
  ): Promise<Response> {
    const { page } = this;
    const loaded = page.waitForResponse(
      (response) =>
        response.request().isNavigationRequest() &&
        response.frame() === page.mainFrame() &&
        !isRedirect(response.status()),
    );
    const loadEvent = page.waitForEvent("load");
    // Handled here too, so a failing action leaves no unhandled rejection.
    loaded.catch(() => undefined);
    loadEvent.catch(() => undefined);
    await action();
    const response = await loaded;
    await loadEvent;
    const expected = options.status ?? 200;
    assert.equal(
      response.status(),
      expected,
      `${response.request().method()} ${response.url()} answered ${response.status()}, expected ${expected}`,
    );
    await this.checkAccessible(options.accessibility);
    return response;
  }

  /** Types a path into the address bar. */
  async visit(
    path: string,
    options: NavigationOptions = {},
  ): Promise<Response> {
    return this.waitForPage(
      () => this.page.goto(new URL(path, this.shop.webUrl).href),
      options,
    );
  }

  /** Reloads the tab, as the browser's reload button does. */
  async reload(options: NavigationOptions = {}): Promise<Response> {
    return this.waitForPage(() => this.page.reload(), options);
  }

  /** Clicks the link named `name` and waits for the page it leads to. */
  async followLink(
    name: string | RegExp,
    options: NavigationOptions = {},
  ): Promise<Response> {
    const scope = options.within ?? this.page;
    const link = scope.getByRole("link", { name, exact: true }).first();
    return this.waitForPage(() => link.click(), options);
  }

  /** Clicks the button named `name`, which sends its form, and waits. */
  async pressButton(
    name: string | RegExp,
    options: NavigationOptions = {},
  ): Promise<Response> {
    const scope = options.within ?? this.page;
    const button = scope.getByRole("button", { name, exact: true }).first();
    return this.waitForPage(() => button.click(), options);
  }

  /** Returns the form field labelled `label`. */
  field(label: string | RegExp): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** Clears the field labelled `label` and types `value` into it. */
  async fillIn(label: string | RegExp, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  /** The text of the page's main heading. */
  async heading(): Promise<string> {
    return (await this.page.locator("h1").first().innerText()).trim();
  }

  /** Fails unless the page's main heading is `expected`. */
  async expectHeading(expected: string | RegExp): Promise<void> {
    const heading = await this.heading();
    if (typeof expected === "string") assert.equal(heading, expected);
    else assert.match(heading, expected);
  }

  /** Reads the texts of the flash messages at the top of the page. */
  async flashMessages(): Promise<string[]> {
    return this.page.locator(".flash").allInnerTexts();
  }

  /** Returns the account navigation in the header. */
  accountNavigation(): Locator {
    return this.page.getByRole("navigation", { name: "Account" });
  }

  /** Reads the name the header shows for the signed-in shopper, if any. */
  async signedInName(): Promise<string | undefined> {
    const name = this.accountNavigation().locator(".site-account__name");
    if ((await name.count()) === 0) return undefined;
    return (await name.innerText()).trim();
  }
}

function reportJourney(
  t: TestContext,
  journey: JourneyState,
  weightTable: string,
): void {
  for (const step of journey.steps) {
    t.diagnostic(`step: ${step.name} (${step.ms} ms)`);
  }
  const lesser = [
    ...new Set(journey.audits.flatMap((audit) => audit.lesserFindings)),
  ];
  t.diagnostic(
    `axe: ${journey.audits.length} page views checked, none with a serious or critical violation` +
      (lesser.length > 0 ? `; lesser findings: ${lesser.join(" | ")}` : ""),
  );
  t.diagnostic("page weight in bytes (cache off, so each is a first visit):");
  for (const line of weightTable.split("\n")) t.diagnostic(line);
}

/**
 * Runs `journey` in a fresh browser against `shop`, then reports the steps,
 * the axe results and the page weights, and checks the weights against the
 * budget. Every browser of the journey closes whatever happens.
 */
export async function runJourney(
  t: TestContext,
  shop: Shop,
  options: JourneyOptions,
  journey: (shopper: Shopper) => Promise<void>,
): Promise<void> {
  const state: JourneyState = { options, browsers: [], steps: [], audits: [] };
  try {
    const browser = await launchBrowser(options);
    state.browsers.push(browser);
    await journey(new Shopper(shop, browser, await browser.newPage(), state));

    const rows = [];
    for (const opened of state.browsers) {
      rows.push(...(await opened.weights.rows()));
    }
    reportJourney(t, state, formatWeightTable(rows));
    assert.ok(rows.length > 0, "the journey loaded no page");
    assert.ok(state.audits.length > 0, "axe checked no page");
    const budget = options.budget ?? storefrontBudget;
    const overruns = findBudgetOverruns(rows, budget);
    assert.deepEqual(
      overruns,
      [],
      `pages over budget:\n${overruns.join("\n")}`,
    );
  } finally {
    for (const opened of state.browsers) await opened.close();
  }
}

/** The two ways a storefront journey runs: with JavaScript and without. */
export const javaScriptModes = [
  { label: "with JavaScript", javaScriptEnabled: true },
  { label: "without JavaScript", javaScriptEnabled: false },
] as const;
