// Registration, sign-in and the account pages through real HTTP: a real API
// on an embedded database and a real web process in front of it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  refreshAtApi,
  registerThroughWeb,
  signInThroughWeb,
  signInToApi,
} from "../../test/accounts.js";
import { TestBrowser } from "../../test/browser.js";
import { startStack } from "../../test/stack.js";

// Every browser reaches the API through the one web process, so the API's
// per-address rate limits would count all of this file's users as one.
const stack = await startStack({
  apiEnv: { RATE_LIMITS: "off" },
  catalog: [
    {
      sku: `ACCOUNT-${Date.now().toString(36)}`,
      title: "Account Test Lamp",
      category: "Lighting",
      price: 10,
      stock: 5,
    },
  ],
});

function newBrowser(): TestBrowser {
  return new TestBrowser(stack.webUrl);
}

/** Returns the content of the paragraph with `id`, for assertions. */
function paragraphText(html: string, id: string): string | undefined {
  const pattern = new RegExp(`<p[^>]* id="${id}"[^>]*>([\\s\\S]*?)</p>`);
  return pattern.exec(html)?.[1];
}

function sessionCookieHeader(browser: TestBrowser): string | undefined {
  return browser.setCookieHeaders
    .filter((header) => header.startsWith("bazaar_session="))
    .at(-1);
}

describe("POST /register", () => {
  test("signs the new user in", async () => {
    const browser = newBrowser();
    const account = buildAccount({ first_name: "Grace" });

    const response = await registerThroughWeb(browser, account);
    const { status, html } = await browser.page("/account");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/account");
    assert.equal(status, 200);
    assert.match(html, /<h1>Your account<\/h1>/);
    assert.ok(html.includes(account.email), "email on the account page");
    assert.match(html, /site-account__name">Grace Tester/);
    assert.match(html, /Your account has been created/);
    assert.match(html, /Verify your email address/);
  });

  test("leads to the next path it was given", async () => {
    const browser = newBrowser();
    const signIn = await browser.page("/sign-in?next=%2Fcheckout");
    const register = await browser.page("/register?next=%2Fcheckout");

    const response = await browser.post(
      "/register",
      { ...buildAccount(), next: "/checkout" },
      { formPage: "/register?next=%2Fcheckout" },
    );

    assert.match(signIn.html, /href="\/register\?next=%2Fcheckout"/);
    assert.match(register.html, /name="next" value="\/checkout"/);
    assert.equal(response.headers.get("location"), "/checkout");
  });

  test("ignores a next path to another site", async () => {
    const browser = newBrowser();

    const response = await browser.post(
      "/register",
      { ...buildAccount(), next: "//evil.example/" },
      { formPage: "/register" },
    );

    assert.equal(response.headers.get("location"), "/account");
  });

  test("shows the flash only once", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);
    await browser.page("/account");

    const { html } = await browser.page("/account");

    assert.doesNotMatch(html, /Your account has been created/);
  });

  test("rejects a taken email next to the field", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = newBrowser();

    const response = await registerThroughWeb(browser, {
      ...buildAccount(),
      email: account.email.toUpperCase(),
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-email-error") ?? "",
      /Email address is already registered/,
    );
    assert.match(html, /href="#field-email"/);
  });

  test("lists blank fields in the summary", async () => {
    const browser = newBrowser();

    const response = await browser.post("/register", {
      email: "",
      password: "",
      first_name: "Kept",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /<a href="#field-email">Enter your email address/);
    assert.match(html, /<a href="#field-password">Enter a password/);
    assert.match(html, /id="field-first_name"[^>]*value="Kept"/);
  });

  test("escapes a hostile first name", async () => {
    const browser = await buildSignedInBrowser(
      stack.webUrl,
      buildAccount({ first_name: "<script>alert(1)</script>" }),
    );

    const { html } = await browser.page("/account");

    assert.doesNotMatch(html, /<script>alert\(1\)<\/script>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

describe("POST /sign-in", () => {
  for (const kind of ["email", "username", "phone"] as const) {
    test(`signs in with the ${kind}`, async () => {
      const account = buildAccount();
      await buildSignedInBrowser(stack.webUrl, account);
      const browser = newBrowser();

      const response = await signInThroughWeb(
        browser,
        account[kind],
        account.password,
      );
      const { status, html } = await browser.page("/account");

      assert.equal(response.status, 303);
      assert.equal(response.headers.get("location"), "/account");
      assert.equal(status, 200);
      assert.ok(html.includes(account.email), "signed in as the account");
    });
  }

  test("shows a wrong password beside the field", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = newBrowser();
    const wrongPassword = "not-the-password-42";

    const response = await signInThroughWeb(
      browser,
      account.username,
      wrongPassword,
    );
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-password-error") ?? "",
      /The login or the password is wrong/,
    );
    assert.match(
      html,
      /<a href="#field-password">The login or the password is wrong/,
    );
    assert.match(
      html,
      new RegExp(`id="field-login"[^>]*value="${account.username}"`),
    );
    assert.ok(!html.includes(wrongPassword), "password echoed");
    assert.match(html, /autocomplete="current-password"/);
    assert.match(html, /<title>Error: Sign in/);
  });

  test("follows a safe next path", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = newBrowser();

    const response = await signInThroughWeb(
      browser,
      account.email,
      account.password,
      "/search?q=lamp",
    );

    assert.equal(response.headers.get("location"), "/search?q=lamp");
  });

  test("ignores next paths that leave the site", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const unsafe = [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "http:/evil.example",
      "evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
      " /account",
    ];

    for (const next of unsafe) {
      const browser = newBrowser();
      const response = await signInThroughWeb(
        browser,
        account.email,
        account.password,
        next,
      );
      const signedInResponse = await browser.get(
        `/sign-in?next=${encodeURIComponent(next)}`,
      );

      assert.equal(response.status, 303, next);
      assert.equal(response.headers.get("location"), "/account", next);
      assert.equal(
        signedInResponse.headers.get("location"),
        "/account",
        `signed-in GET with ${next}`,
      );
    }
  });

  test("rejects a form without the CSRF token", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = newBrowser();

    const response = await browser.post(
      "/sign-in",
      { login: account.email, password: account.password },
      { includeCsrf: false },
    );
    const html = await response.text();

    assert.equal(response.status, 403);
    assert.match(response.headers.get("content-type") ?? "", /text\/html/);
    assert.match(html, /Nothing was changed/);
    assert.equal((await browser.get("/account")).status, 303);
  });
});

describe("session cookie", () => {
  test("is HttpOnly, SameSite=Lax and opaque", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const header = sessionCookieHeader(browser) ?? "";
    const value = browser.cookies.get("bazaar_session") ?? "";
    const decoded = value
      .split(";")
      .map((part) => Buffer.from(decodeURIComponent(part), "base64"))
      .map((bytes) => bytes.toString("latin1"))
      .join("");

    assert.match(header, /;\s*HttpOnly/i);
    assert.match(header, /;\s*SameSite=Lax/i);
    assert.match(header, /;\s*Path=\//i);
    assert.ok(value.length > 0, "cookie set");
    for (const text of [value, decodeURIComponent(value), decoded]) {
      assert.ok(!text.includes("eyJ"), "a JWT in the cookie");
      assert.ok(!text.includes("accessToken"), "session fields in the cookie");
      assert.ok(!text.includes(account.email), "the email in the cookie");
    }
  });

  test("makes signed-in pages uncacheable", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const home = await browser.get("/");
    const account = await browser.get("/account");

    assert.equal(home.status, 200);
    assert.equal(home.headers.get("cache-control"), "no-store");
    assert.equal(account.headers.get("cache-control"), "no-store");
    assert.ok(home.headers.get("content-security-policy"), "CSP kept");
  });

  test("leaves anonymous catalog pages without a cookie", async () => {
    const browser = newBrowser();

    const response = await browser.get("/");

    assert.equal(response.status, 200);
    assert.equal(response.headers.getSetCookie().length, 0);
    assert.match(await response.text(), /href="\/sign-in">Sign in</);
  });
});

describe("POST /sign-out", () => {
  test("ends the session", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const response = await browser.post(
      "/sign-out",
      {},
      { formPage: "/account" },
    );
    const { html } = await browser.page("/");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/");
    assert.match(html, /You have signed out/);
    assert.match(html, /href="\/sign-in">Sign in</);
    assert.equal((await browser.get("/account")).status, 303);
  });

  test("rejects a foreign origin", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const response = await browser.post(
      "/sign-out",
      {},
      { formPage: "/account", origin: "https://evil.example" },
    );
    const account = await browser.get("/account");

    assert.equal(response.status, 403);
    assert.equal(account.status, 200);
  });

  test("has no GET route", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const response = await browser.get("/sign-out");

    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "POST");
    assert.equal((await browser.get("/account")).status, 200);
  });
});

describe("GET /account", () => {
  test("sends visitors to sign in", async () => {
    const response = await newBrowser().get("/account/devices");

    assert.equal(response.status, 303);
    assert.equal(
      response.headers.get("location"),
      "/sign-in?next=%2Faccount%2Fdevices",
    );
  });
});

describe("POST /account/password", () => {
  test("changes the password", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const newPassword = `${account.password} renewed`;

    const response = await browser.post("/account/password", {
      current_password: account.password,
      new_password: newPassword,
    });
    const { html } = await browser.page("/account");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/account");
    assert.match(html, /Your password has been changed/);
    await signInToApi(stack.apiUrl, account.email, newPassword);
  });

  test("shows a wrong current password", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);

    const response = await browser.post("/account/password", {
      current_password: "wrong password here",
      new_password: `${account.password} renewed`,
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-current_password-error") ?? "",
      /Current password is wrong/,
    );
    assert.ok(!html.includes("wrong password here"), "password echoed");
    assert.ok(!html.includes(`${account.password} renewed`), "new echoed");
  });

  test("changes nothing without the CSRF token", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);

    const response = await browser.post(
      "/account/password",
      {
        current_password: account.password,
        new_password: `${account.password} renewed`,
      },
      { includeCsrf: false },
    );

    assert.equal(response.status, 403);
    await signInToApi(stack.apiUrl, account.email, account.password);
  });

  test("changes nothing from a foreign origin", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);

    const response = await browser.post(
      "/account/password",
      {
        current_password: account.password,
        new_password: `${account.password} renewed`,
      },
      { origin: "http://evil.example" },
    );

    assert.equal(response.status, 403);
    await signInToApi(stack.apiUrl, account.email, account.password);
  });
});

describe("/account/devices", () => {
  test("marks this device", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    await signInToApi(stack.apiUrl, account.email, account.password);

    const { status, html } = await browser.page("/account/devices");

    assert.equal(status, 200);
    assert.match(html, /Firefox on Linux\s*<span class="tag">This device/);
    assert.match(html, /Test phone/);
    assert.match(html, /Last used <time datetime=/);
  });

  test("signs out another device", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const phone = await signInToApi(
      stack.apiUrl,
      account.email,
      account.password,
    );
    const { html } = await browser.page("/account/devices");
    const phoneId = /action="\/account\/devices\/([0-9a-f-]+)\/sign-out"/.exec(
      html.slice(html.indexOf("Test phone")),
    )?.[1];
    assert.ok(phoneId, "phone session listed");

    const response = await browser.post(
      `/account/devices/${phoneId}/sign-out`,
      {},
      { formPage: "/account/devices" },
    );

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/account/devices");
    assert.equal(await refreshAtApi(stack.apiUrl, phone.refresh_token), 401);
    assert.equal((await browser.get("/account")).status, 200);
  });

  test("signs out everywhere", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const phone = await signInToApi(
      stack.apiUrl,
      account.email,
      account.password,
    );

    const response = await browser.post(
      "/account/devices/sign-out-everywhere",
      {},
      { formPage: "/account/devices" },
    );
    const { html } = await browser.page("/sign-in");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/sign-in");
    assert.match(html, /You have signed out on every device/);
    assert.equal(await refreshAtApi(stack.apiUrl, phone.refresh_token), 401);
    assert.equal((await browser.get("/account")).status, 303);
  });
});
