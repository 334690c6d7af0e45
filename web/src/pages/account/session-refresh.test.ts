// Token refresh through real HTTP. The API issues access tokens with its
// minimum lifetime, 30 s, which equals the web's refresh margin. So every
// access token is due for refresh as soon as it is issued, and each
// signed-in page refreshes without the test waiting for a clock. The API's grace
// window is off, so presenting one refresh token twice revokes the whole
// session: any second refresh would show up as a signed-out page.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  signInToApi,
  signOutEverywhereAtApi,
} from "../../test/accounts.js";
import { startStack } from "../../test/stack.js";

const stack = await startStack({
  apiEnv: {
    RATE_LIMITS: "off",
    ACCESS_TOKEN_TTL_SECONDS: "30",
    REFRESH_REUSE_GRACE_SECONDS: "0",
  },
  catalog: [
    {
      sku: `REFRESH-${Date.now().toString(36)}`,
      title: "Refresh Test Lamp",
      category: "Lighting",
      price: 10,
      stock: 5,
    },
  ],
});

describe("expiring access token", () => {
  test("parallel pages share one refresh", async () => {
    const account = buildAccount({ first_name: "Parallel" });
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    assert.equal((await browser.get("/account")).status, 200);
    const tabs = [browser.fork(), browser.fork(), browser.fork()];

    const responses = await Promise.all([
      tabs[0]?.get("/account"),
      tabs[1]?.get("/"),
      tabs[2]?.get("/account/devices"),
    ]);

    for (const [index, response] of responses.entries()) {
      assert.ok(response);
      const html = await response.text();
      assert.equal(response.status, 200, `tab ${index}: ${html.slice(0, 300)}`);
      assert.match(html, /site-account__name">Parallel Tester/, `tab ${index}`);
      assert.equal(response.headers.get("cache-control"), "no-store");
      assert.equal(
        response.headers.getSetCookie().length,
        1,
        `tab ${index} got the new tokens`,
      );
    }
    // A second refresh with the same token would have revoked the session.
    for (const tab of tabs) {
      const { status } = await tab.page("/account");
      assert.equal(status, 200, "session still alive");
    }
  });

  test("revoked session leads to sign-in", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const phone = await signInToApi(
      stack.apiUrl,
      account.email,
      account.password,
    );
    await signOutEverywhereAtApi(stack.apiUrl, phone.access_token);

    const response = await browser.get("/account/devices?tab=1");
    const signIn = await browser.page(response.headers.get("location") ?? "");

    assert.equal(response.status, 303);
    assert.equal(
      response.headers.get("location"),
      "/sign-in?next=%2Faccount%2Fdevices%3Ftab%3D1",
    );
    assert.equal(signIn.status, 200);
    assert.match(
      signIn.html,
      /Your session has expired\. Please sign in again\./,
    );
    assert.match(signIn.html, /name="next" value="\/account\/devices\?tab=1"/);
    assert.match(signIn.html, /href="\/sign-in">Sign in</);
  });

  test("signing in again returns to next", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const phone = await signInToApi(
      stack.apiUrl,
      account.email,
      account.password,
    );
    await signOutEverywhereAtApi(stack.apiUrl, phone.access_token);
    const expired = await browser.get("/account/password");

    const response = await browser.post(
      "/sign-in",
      {
        login: account.email,
        password: account.password,
        next: "/account/password",
      },
      { formPage: expired.headers.get("location") ?? "/sign-in" },
    );

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/account/password");
    assert.equal((await browser.get("/account/password")).status, 200);
  });
});
