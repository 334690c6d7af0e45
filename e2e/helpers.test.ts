// The journeys' own checks must be able to fail. These tests point them at
// small pages served from this process, each with a known fault: axe
// violations, a script, a control without a focus indicator.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";

import { expectAccessible } from "./support/accessibility.js";
import { launchBrowser, type ShopBrowser } from "./support/browser.js";
import { findFocusProblem, pressTab } from "./support/keyboard.js";
import {
  findBudgetOverruns,
  formatWeightTable,
  storefrontBudget,
} from "./support/page-weight.js";

const stylesheet = "body { font-family: sans-serif; }";
const script = "document.title = 'changed';";

/** Pages with known faults, by path. */
const fixtures: Record<string, { type: string; body: string }> = {
  "/faulty": {
    type: "text/html",
    body: `<!doctype html><html lang="en"><head><title>Faulty</title></head>
<body><main><h1>Faulty</h1>
<p style="color: #b0b0b0; background: #ffffff">Pale grey text on white.</p>
<img src="/missing.png" width="10" height="10">
</main></body></html>`,
  },
  "/scripted": {
    type: "text/html",
    body: `<!doctype html><html lang="en"><head><title>Scripted</title>
<link rel="stylesheet" href="/site.css"><script src="/app.js"></script></head>
<body><main><h1>Scripted</h1></main></body></html>`,
  },
  "/no-focus": {
    type: "text/html",
    body: `<!doctype html><html lang="en"><head><title>No focus</title>
<style>a:focus-visible { outline: none; }</style></head>
<body><main><a href="/faulty">A link without a focus indicator</a>
<button style="outline: 3px solid black">A button with one</button></main></body></html>`,
  },
  "/site.css": { type: "text/css", body: stylesheet },
  "/app.js": { type: "text/javascript", body: script },
};

let server: Server;
let baseUrl: string;

before(async () => {
  server = createServer((request, response) => {
    const fixture = fixtures[request.url ?? ""];
    if (fixture === undefined) {
      response.writeHead(404).end();
      return;
    }
    // A Content-Length instead of chunks, so the bytes sent are the body's.
    response.writeHead(200, {
      "content-type": `${fixture.type}; charset=utf-8`,
      "content-length": Buffer.byteLength(fixture.body),
    });
    response.end(fixture.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function withBrowser(
  javaScriptEnabled: boolean,
  use: (browser: ShopBrowser) => Promise<void>,
): Promise<void> {
  const browser = await launchBrowser({ javaScriptEnabled });
  try {
    await use(browser);
  } finally {
    await browser.close();
  }
}

describe("expectAccessible", () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`lists each serious or critical violation, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () =>
      withBrowser(javaScriptEnabled, async (browser) => {
        const page = await browser.newPage();
        await page.goto(`${baseUrl}/faulty`);

        const failure = await expectAccessible(page).then(
          () => assert.fail("axe found nothing"),
          (error: unknown) => String(error),
        );

        assert.match(failure, /2 serious or critical violation/);
        assert.match(
          failure,
          /color-contrast \(serious\): Elements must meet minimum color contrast ratio thresholds; at p;/,
        );
        assert.match(
          failure,
          /image-alt \(critical\): Images must have alternative text; at img;/,
        );
        assert.match(
          failure,
          /see https:\/\/dequeuniversity\.com\/rules\/axe\//,
        );
      }));
  }

  test("skips a rule disabled with a reason, and refuses one without", () =>
    withBrowser(true, async (browser) => {
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/faulty`);

      const failure = await expectAccessible(page, {
        disabledRules: { "image-alt": "the fixture's image is a known fault" },
      }).then(
        () => "",
        (error: unknown) => String(error),
      );
      await assert.rejects(
        expectAccessible(page, { disabledRules: { "color-contrast": "" } }),
        /disabled without a reason/,
      );

      assert.match(failure, /1 serious or critical violation/);
      assert.doesNotMatch(failure, /image-alt/);
    }));
});

describe("page weight", () => {
  test("counts HTML, CSS and JavaScript, and the storefront budget refuses scripts", () =>
    withBrowser(true, async (browser) => {
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/scripted`);
      await page.goto(`${baseUrl}/scripted`);

      const rows = await browser.weights.rows();

      // The second visit is weighed in full too: the cache is off.
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.equal(row.page, "GET /scripted");
        assert.equal(
          row.htmlBytes,
          Buffer.byteLength(fixtures["/scripted"]?.body ?? ""),
        );
        assert.equal(row.cssBytes, Buffer.byteLength(stylesheet));
        assert.equal(row.javaScriptBytes, Buffer.byteLength(script));
        assert.equal(row.javaScriptRequests, 1);
      }
      assert.deepEqual(findBudgetOverruns(rows.slice(0, 1), storefrontBudget), [
        "GET /scripted: 1 JavaScript requests (storefront budget 0)",
        `GET /scripted: ${Buffer.byteLength(script)} bytes of JavaScript (storefront budget 0)`,
      ]);
      assert.match(
        formatWeightTable(rows),
        /\| GET \/scripted \| +\d+ \| +33 \| +27 \|/,
      );
    }));
});

describe("focus indicator check", () => {
  test("reports a link without a focus indicator and accepts an outline", () =>
    withBrowser(true, async (browser) => {
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/no-focus`);

      const link = await pressTab(page);
      const button = await pressTab(page);

      assert.match(
        findFocusProblem(link) ?? "",
        /^a "A link without a focus indicator" shows no focus indicator/,
      );
      assert.equal(findFocusProblem(button), undefined);
    }));
});
