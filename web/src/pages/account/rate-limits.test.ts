// The API's rate limits as a shopper meets them on the sign-in form: a real
// API with low limits and a real web process in front of it. The stack stops
// both processes when the file ends.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { buildAccount, signInThroughWeb } from "../../test/accounts.js";
import { TestBrowser } from "../../test/browser.js";
import { startStack } from "../../test/stack.js";

const stack = await startStack({
  apiEnv: { RATE_LIMITS: "on", RATE_LIMIT_SIGN_IN_PER_ADDRESS: "2/60" },
});

describe("POST /sign-in when rate limited", () => {
  test("answers 429 with the wait", async () => {
    const account = buildAccount();
    const browser = new TestBrowser(stack.webUrl);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await signInThroughWeb(browser, account.email, "wrong password 1");
    }

    const response = await signInThroughWeb(
      browser,
      account.email,
      "wrong password 1",
    );
    const html = await response.text();

    assert.equal(response.status, 429);
    assert.match(response.headers.get("retry-after") ?? "", /^\d+$/);
    assert.match(html, /There have been too many attempts\. Wait \d+ seconds/);
    assert.ok(!html.includes("wrong password 1"), "password echoed");
  });
});
