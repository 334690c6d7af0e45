// The development mailbox page through real HTTP: a real API without a mail
// server, so it keeps every message, and web processes in development and
// production modes in front of it. The API's public URL contains markup, so
// the links in its messages test the page's escaping.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";

import { buildAccount, buildSignedInBrowser } from "../../test/accounts.js";
import { TestBrowser } from "../../test/browser.js";
import { startStack, startWeb } from "../../test/stack.js";

const hostileMarkup = "<script>alert(1)</script>";

const stack = await startStack({
  apiEnv: {
    RATE_LIMITS: "off",
    WEB_PUBLIC_URL: `http://127.0.0.1:8000/${hostileMarkup}`,
  },
  catalog: [
    {
      sku: `MAILBOX-${Date.now().toString(36)}`,
      title: "Mailbox Test Lamp",
      category: "Lighting",
      price: 10,
      stock: 5,
    },
  ],
});

const productionWeb = await startWeb(stack.apiUrl, {
  NODE_ENV: "production",
  WEB_SESSION_SECRET: randomBytes(32).toString("base64"),
});

/** Returns each message on the page as the HTML of its list item. */
function listedMessages(html: string): string[] {
  return html.split('<li class="mailbox__message">').slice(1);
}

describe("GET /dev/mailbox", () => {
  test("lists messages newest first", async () => {
    const first = buildAccount();
    const second = buildAccount();
    await buildSignedInBrowser(stack.webUrl, first);
    await buildSignedInBrowser(stack.webUrl, second);
    const browser = new TestBrowser(stack.webUrl);

    const response = await browser.get("/dev/mailbox");
    const html = await response.text();
    const recipients = listedMessages(html).map(
      (item) => /<dd class="mailbox__to">([^<]*)<\/dd>/.exec(item)?.[1],
    );

    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.ok(recipients.includes(first.email), "first message listed");
    assert.ok(
      recipients.indexOf(second.email) < recipients.indexOf(first.email),
      "newest first",
    );
    assert.match(
      html,
      /<h2 class="mailbox__subject">Verify your email address/,
    );
    assert.match(html, /<time datetime="\d{4}-\d{2}-\d{2}T/);
  });

  test("escapes the message text", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = new TestBrowser(stack.webUrl);

    const { html } = await browser.page("/dev/mailbox");
    const item =
      listedMessages(html).find((candidate) =>
        candidate.includes(account.email),
      ) ?? "";
    const text = /<pre class="mailbox__text">([\s\S]*?)<\/pre>/.exec(item)?.[1];

    assert.ok(text?.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(!html.includes(hostileMarkup), "markup unescaped");
  });

  test("is linked from the footer", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const { html } = await browser.page("/");

    assert.match(html, /<a href="\/dev\/mailbox">Development mailbox<\/a>/);
  });

  test("does not exist in production", async () => {
    const browser = new TestBrowser(productionWeb.webUrl);

    const mailbox = await browser.get("/dev/mailbox");
    const home = await browser.page("/");

    assert.equal(mailbox.status, 404, productionWeb.logs());
    assert.equal(home.status, 200);
    assert.doesNotMatch(home.html, /href="\/dev\/mailbox"/);
  });
});
