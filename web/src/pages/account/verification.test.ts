// Email and phone verification and password reset through real HTTP: a
// real API without a mail server, so every message lands in its development
// mailbox, and a real web process in front of it. Access tokens get the
// API's minimum lifetime, 30 s, which equals the web's refresh margin, so
// every signed-in page refreshes its tokens: a session the API has ended
// shows up at once as a redirect to sign in.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  refreshAtApi,
  signInThroughWeb,
  signInToApi,
} from "../../test/accounts.js";
import { TestBrowser } from "../../test/browser.js";
import {
  findNewestMessage,
  readCode,
  readLinkPath,
} from "../../test/mailbox.js";
import { startStack, startWeb } from "../../test/stack.js";
import { passwordResetMessage } from "./password-reset.routes.js";

const stack = await startStack({
  apiEnv: { RATE_LIMITS: "off", ACCESS_TOKEN_TTL_SECONDS: "30" },
  catalog: [
    {
      sku: `VERIFY-${Date.now().toString(36)}`,
      title: "Verification Test Lamp",
      category: "Lighting",
      price: 10,
      stock: 5,
    },
  ],
});

// A second web process that logs every request, to search its log.
const loggingWeb = await startWeb(stack.apiUrl, { LOG_LEVEL: "info" });

/** Waits until the log of `loggingWeb` contains `text`, for at most 5 s. */
async function waitForLogText(text: string): Promise<string> {
  const deadline = Date.now() + 5_000;
  while (!loggingWeb.logs().includes(text) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return loggingWeb.logs();
}

/** Returns the content of the paragraph with `id`, for assertions. */
function paragraphText(html: string, id: string): string | undefined {
  const pattern = new RegExp(`<p[^>]* id="${id}"[^>]*>([\\s\\S]*?)</p>`);
  return pattern.exec(html)?.[1];
}

/** Returns the text of the newest message to `to` on the mailbox page. */
function readMailboxPageText(html: string, to: string): string | undefined {
  const items = html.split('<li class="mailbox__message">').slice(1);
  const item = items.find((candidate) =>
    candidate.includes(`<dd class="mailbox__to">${to}</dd>`),
  );
  return /<pre class="mailbox__text">([\s\S]*?)<\/pre>/.exec(item ?? "")?.[1];
}

function wrongCodeFor(code: string): string {
  return code === "000000" ? "111111" : "000000";
}

describe("email verification", () => {
  test("registers and verifies through the mailbox page", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const before = await browser.page("/account");
    const mailbox = await browser.page("/dev/mailbox");
    const text = readMailboxPageText(mailbox.html, account.email) ?? "";
    const verifyPage = await browser.page("/verify-email");

    const response = await browser.post("/verify-email", {
      code: readCode(text),
    });
    const after = await browser.page("/account");

    assert.match(before.html, /<a href="\/verify-email">Verify your email/);
    assert.equal(mailbox.status, 200);
    assert.match(text, /enter this code: \d{6}/);
    assert.equal(verifyPage.status, 200);
    assert.match(verifyPage.html, /autocomplete="one-time-code"/);
    assert.match(verifyPage.html, /Send a new code/);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/account");
    assert.match(after.html, /Your email address has been verified/);
    assert.match(after.html, /<span class="tag">verified<\/span>/);
    assert.doesNotMatch(after.html, /id="verify-email-title"/);
  });

  test("verifies by link while signed out", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const message = await findNewestMessage(stack.apiUrl, account.email);
    const linkPath = readLinkPath(message.text, "/verify-email");
    const browser = new TestBrowser(stack.webUrl);

    const linkPage = await browser.page(linkPath);
    const response = await browser.post(
      "/verify-email/link",
      {
        token: new URL(linkPath, stack.webUrl).searchParams.get("token") ?? "",
      },
      { formPage: linkPath },
    );
    const signInPage = await browser.page("/sign-in");
    await signInThroughWeb(browser, account.email, account.password);
    const accountPage = await browser.page("/account");

    assert.equal(linkPage.status, 200);
    assert.match(linkPage.html, /Verify my email address/);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/sign-in");
    assert.match(signInPage.html, /Your email address has been verified/);
    assert.match(accountPage.html, /<span class="tag">verified<\/span>/);
  });

  test("keeps link tokens out of the log", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const message = await findNewestMessage(stack.apiUrl, account.email);
    const linkPath = readLinkPath(message.text, "/verify-email");
    const token =
      new URL(linkPath, stack.webUrl).searchParams.get("token") ?? "";
    const browser = new TestBrowser(loggingWeb.webUrl);

    const page = await browser.page(linkPath);
    const logs = await waitForLogText("/verify-email?token=%5BRedacted%5D");

    assert.equal(page.status, 200);
    assert.match(logs, /"url":"\/verify-email\?token=%5BRedacted%5D"/);
    assert.ok(!logs.includes(token), "token in the log");
  });

  test("rejects a used link", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const message = await findNewestMessage(stack.apiUrl, account.email);
    const linkPath = readLinkPath(message.text, "/verify-email");
    const token = new URL(linkPath, stack.webUrl).searchParams.get("token");
    const browser = new TestBrowser(stack.webUrl);
    await browser.post(
      "/verify-email/link",
      { token: token ?? "" },
      { formPage: linkPath },
    );

    const response = await browser.post(
      "/verify-email/link",
      { token: token ?? "" },
      { formPage: linkPath },
    );
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /invalid, used or expired/);
    assert.match(html, /href="\/sign-in\?next=%2Fverify-email"/);
  });

  test("shows attempts left beside the code", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const message = await findNewestMessage(stack.apiUrl, account.email);

    const response = await browser.post("/verify-email", {
      code: wrongCodeFor(readCode(message.text)),
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-code-error") ?? "",
      /Code is wrong: 4 attempts left/,
    );
    assert.match(html, /<a href="#field-code">Code is wrong/);
    assert.match(html, /<title>Error: Verify your email address/);
  });

  test("asks to wait before resending", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const response = await browser.post(
      "/verify-email/resend",
      {},
      { formPage: "/verify-email" },
    );
    const { html } = await browser.page("/verify-email");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/verify-email");
    assert.match(html, /A code was sent recently\. Wait \d+ seconds/);
  });

  test("sends visitors to sign in", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const response = await browser.get("/verify-email");

    assert.equal(response.status, 303);
    assert.equal(
      response.headers.get("location"),
      "/sign-in?next=%2Fverify-email",
    );
  });
});

describe("phone verification", () => {
  test("verifies the phone by text message", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const page = await browser.page("/verify-phone");
    const sent = await browser.post(
      "/verify-phone/send",
      {},
      { formPage: "/verify-phone" },
    );
    const sentPage = await browser.page("/verify-phone");
    const message = await findNewestMessage(
      stack.apiUrl,
      account.phone.replaceAll(" ", ""),
    );

    const response = await browser.post("/verify-phone", {
      code: readCode(message.text),
    });
    const { html } = await browser.page("/account");

    assert.equal(page.status, 200);
    assert.equal(sent.status, 303);
    assert.match(sentPage.html, /We sent a new code to \+44/);
    assert.equal(message.subject, "SMS");
    assert.equal(response.status, 303);
    assert.match(html, /Your phone number has been verified/);
    assert.doesNotMatch(html, /href="\/verify-phone"/);
  });

  test("needs a phone number", async () => {
    const browser = await buildSignedInBrowser(
      stack.webUrl,
      buildAccount({ phone: "" }),
    );

    const response = await browser.get("/verify-phone");
    const { html } = await browser.page("/account/profile");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/account/profile");
    assert.match(html, /Add a phone number to your profile first/);
  });
});

describe("password reset", () => {
  test("shows one confirmation for any address", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = new TestBrowser(stack.webUrl);

    const known = await browser.post("/forgot-password", {
      email: account.email,
    });
    const unknown = await browser.post("/forgot-password", {
      email: `nobody-${Date.now()}@example.com`,
    });
    const { html } = await browser.page("/forgot-password/sent");

    assert.equal(known.status, 303);
    assert.equal(known.headers.get("location"), "/forgot-password/sent");
    assert.equal(unknown.status, 303);
    assert.equal(unknown.headers.get("location"), "/forgot-password/sent");
    assert.match(html, /If an account uses the address you entered/);
  });

  test("rejects a malformed address", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const response = await browser.post("/forgot-password", {
      email: "notanemail",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /Enter an email address in the correct format/);
    assert.match(html, /value="notanemail"/);
  });

  test("links from the sign-in page", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const { html } = await browser.page("/sign-in");

    assert.match(html, /<a href="\/forgot-password">Forgot your password\?/);
  });

  test("resets the password and ends sessions", async () => {
    const account = buildAccount();
    const oldBrowser = await buildSignedInBrowser(stack.webUrl, account);
    const otherDevice = await signInToApi(
      stack.apiUrl,
      account.email,
      account.password,
    );
    const browser = new TestBrowser(stack.webUrl);
    await browser.post("/forgot-password", { email: account.email });
    const message = await findNewestMessage(stack.apiUrl, account.email);
    const linkPath = readLinkPath(message.text, "/reset-password");
    const newPassword = `quiet harbour candle ${Date.now()}`;

    const form = await browser.page(linkPath);
    const response = await browser.post(
      "/reset-password",
      {
        token: new URL(linkPath, stack.webUrl).searchParams.get("token") ?? "",
        new_password: newPassword,
      },
      { formPage: linkPath },
    );
    const signInPage = await browser.page("/sign-in");
    const oldPassword = await signInThroughWeb(
      new TestBrowser(stack.webUrl),
      account.email,
      account.password,
    );
    const signedIn = await signInThroughWeb(
      browser,
      account.email,
      newPassword,
    );
    const oldSession = await oldBrowser.get("/account");

    assert.equal(form.status, 200);
    assert.match(form.html, /autocomplete="new-password"/);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/sign-in");
    assert.ok(signInPage.html.includes(passwordResetMessage));
    assert.equal(oldPassword.status, 400);
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get("location"), "/account");
    assert.equal(oldSession.status, 303);
    assert.match(oldSession.headers.get("location") ?? "", /^\/sign-in/);
    assert.equal(
      await refreshAtApi(stack.apiUrl, otherDevice.refresh_token),
      401,
    );
  });

  test("rejects a reused reset link", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = new TestBrowser(stack.webUrl);
    await browser.post("/forgot-password", { email: account.email });
    const message = await findNewestMessage(stack.apiUrl, account.email);
    const linkPath = readLinkPath(message.text, "/reset-password");
    const token =
      new URL(linkPath, stack.webUrl).searchParams.get("token") ?? "";
    await browser.post(
      "/reset-password",
      { token, new_password: `first new password ${Date.now()}` },
      { formPage: linkPath },
    );

    const response = await browser.post(
      "/reset-password",
      { token, new_password: `second new password ${Date.now()}` },
      { formPage: linkPath },
    );
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /This reset link cannot be used/);
    assert.match(html, /<a href="\/forgot-password">Ask for a new reset link/);
  });

  test("shows a weak new password beside the field", async () => {
    const account = buildAccount();
    await buildSignedInBrowser(stack.webUrl, account);
    const browser = new TestBrowser(stack.webUrl);
    await browser.post("/forgot-password", { email: account.email });
    const message = await findNewestMessage(stack.apiUrl, account.email);
    const linkPath = readLinkPath(message.text, "/reset-password");
    const token =
      new URL(linkPath, stack.webUrl).searchParams.get("token") ?? "";

    const response = await browser.post(
      "/reset-password",
      { token, new_password: "short" },
      { formPage: linkPath },
    );
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-new_password-error") ?? "",
      /New password/,
    );
    assert.ok(!html.includes('value="short"'), "password echoed");
    assert.ok(html.includes(`value="${token}"`), "token kept");
  });
});
