// Launches Debian's Chromium through playwright-core for one journey: a
// persistent context in a fresh temporary profile, with JavaScript on or off,
// and flags that keep the browser from calling Google on a closed network.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { chromium, type BrowserContext, type Page } from "playwright-core";

import { PageWeightRecorder } from "./page-weight.js";

/** Debian's `chromium` package; playwright-core never downloads a browser. */
export const chromiumPath = "/usr/bin/chromium";

/**
 * Headless, without the sandbox (CI runs as root) and the GPU, and without
 * the background calls (sync, updates, QUIC probes), which fail on a closed
 * network.
 */
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A phone-sized and a desktop-sized window, in CSS pixels. */
export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

export interface BrowserOptions {
  /** False runs the journey as a browser with JavaScript turned off. */
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
}

export interface ShopBrowser {
  readonly context: BrowserContext;
  readonly javaScriptEnabled: boolean;
  /** The bytes every page of this browser loads, page by page. */
  readonly weights: PageWeightRecorder;
  /** Opens a tab whose page loads are weighed. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * For each browser with JavaScript off, opens a tab in a second browser with
 * JavaScript on, where axe checks copies of its pages.
 */
const auditTabOpeners = new WeakMap<BrowserContext, () => Promise<Page>>();

async function launchContext(
  options: BrowserOptions,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(path.join(tmpdir(), "bazaar-e2e-profile-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: chromiumArgs,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: options.viewport ?? viewports.desktop,
      locale: "en-GB",
      timezoneId: "UTC",
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens `auditPage` on a copy of `source`: the same URL and HTML, with the
 * stylesheets and images loaded from the web. Scripts are blocked, so the
 * copy shows what a browser without JavaScript shows.
 */
async function copyPage(auditPage: Page, source: Page): Promise<void> {
  const html = await source.content();
  const url = source.url();
  const urlWithoutFragment = url.split("#")[0];
  await auditPage.route("**/*", async (route) => {
    const request = route.request();
    if (request.isNavigationRequest() && request.url() === urlWithoutFragment) {
      await route.fulfill({
        contentType: "text/html; charset=utf-8",
        body: html,
      });
    } else if (request.resourceType() === "script") {
      await route.abort();
    } else {
      await route.fallback();
    }
  });
  await auditPage.goto(url, { waitUntil: "load" });
}

/**
 * Runs `check` on `page`, or on a copy of it when the page's browser has
 * JavaScript off. axe needs JavaScript (it waits on timers), so such a page
 * is copied into a tab of a second browser that runs JavaScript only for
 * axe. Each check gets its own tab, so tabs may be checked in parallel.
 */
export async function checkPageWithJavaScript<T>(
  page: Page,
  check: (target: Page) => Promise<T>,
): Promise<T> {
  const openAuditTab = auditTabOpeners.get(page.context());
  if (openAuditTab === undefined) return check(page);
  const auditTab = await openAuditTab();
  try {
    await copyPage(auditTab, page);
    return await check(auditTab);
  } finally {
    await auditTab.close();
  }
}

/**
 * Launches Chromium for one journey. Every tab it opens through `newPage`
 * has its page loads weighed with the cache off, so each page counts as a
 * first visit. Close it at the end of the test.
 */
export async function launchBrowser(
  options: BrowserOptions = {},
): Promise<ShopBrowser> {
  const javaScriptEnabled = options.javaScriptEnabled ?? true;
  const main = await launchContext({ ...options, javaScriptEnabled });
  const weights = new PageWeightRecorder();
  // Launched on the first check, once, even when checks start together.
  let audit: ReturnType<typeof launchContext> | undefined;

  if (!javaScriptEnabled) {
    auditTabOpeners.set(main.context, async () => {
      audit ??= launchContext({ ...options, javaScriptEnabled: true });
      return (await audit).context.newPage();
    });
  }

  let firstPage: Page | undefined = main.context.pages()[0];
  return {
    context: main.context,
    javaScriptEnabled,
    weights,
    async newPage() {
      // A persistent context starts with one blank tab: use it first.
      const page = firstPage ?? (await main.context.newPage());
      firstPage = undefined;
      await weights.attach(page);
      return page;
    },
    async close() {
      try {
        await main.close();
      } finally {
        if (audit !== undefined) await (await audit).close();
      }
    },
  };
}
