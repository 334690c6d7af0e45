// The profile, address book, account deletion and data export pages through
// real HTTP: a real API on an embedded database, without a mail server, and
// a real web process in front of it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  signInThroughWeb,
} from "../../test/accounts.js";
import type { TestBrowser } from "../../test/browser.js";
import { findNewestMessage, readCode } from "../../test/mailbox.js";
import { startStack } from "../../test/stack.js";
import { accountDeletedMessage } from "./profile.routes.js";

const stack = await startStack({
  apiEnv: { RATE_LIMITS: "off" },
  catalog: [
    {
      sku: `PROFILE-${Date.now().toString(36)}`,
      title: "Profile Test Lamp",
      category: "Lighting",
      price: 10,
      stock: 5,
    },
  ],
});

/** Returns the content of the paragraph with `id`, for assertions. */
function paragraphText(html: string, id: string): string | undefined {
  const pattern = new RegExp(`<p[^>]* id="${id}"[^>]*>([\\s\\S]*?)</p>`);
  return pattern.exec(html)?.[1];
}

/** Returns the ids of the addresses on the list page, in page order. */
function listedAddressIds(html: string): string[] {
  return [...html.matchAll(/\/account\/addresses\/([0-9a-f-]{36})\/edit/g)].map(
    (match) => match[1] ?? "",
  );
}

const homeAddress = {
  name: "Ada Tester",
  line1: "1 Lamp Street",
  line2: "",
  city: "London",
  region: "",
  postal_code: "SW1A 1AA",
  country: "GB",
  phone: "",
};

async function addAddress(
  browser: TestBrowser,
  fields: Record<string, string>,
): Promise<Response> {
  return browser.post("/account/addresses", fields, {
    formPage: "/account/addresses/new",
  });
}

describe("/account/profile", () => {
  test("links from the account page", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const { html } = await browser.page("/account");

    for (const path of [
      "/account/profile",
      "/account/addresses",
      "/account/export",
      "/account/delete",
      "/verify-phone",
    ]) {
      assert.ok(html.includes(`href="${path}"`), path);
    }
  });

  test("changes names and username", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const form = await browser.page("/account/profile");
    const newUsername = `${account.username}x`;

    const response = await browser.post("/account/profile", {
      first_name: "Grace",
      last_name: "Hopper",
      username: newUsername,
      phone: "",
      email: account.email,
    });
    const { html } = await browser.page("/account");

    assert.equal(form.status, 200);
    assert.match(form.html, /id="field-first_name"[^>]*value="Ada"/);
    assert.match(form.html, /autocomplete="given-name"/);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/account");
    assert.match(html, /Your profile has been updated/);
    assert.match(html, /site-account__name">Grace Hopper/);
    assert.ok(html.includes(newUsername), "new username shown");
    assert.match(html, /<dt>Phone number<\/dt>\s*<dd>Not set/);
  });

  test("shows a taken username beside the field", async () => {
    const other = buildAccount();
    await buildSignedInBrowser(stack.webUrl, other);
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);

    const response = await browser.post("/account/profile", {
      first_name: "Kept",
      last_name: account.last_name,
      username: other.username.toUpperCase(),
      phone: account.phone,
      email: account.email,
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-username-error") ?? "",
      /Username is already taken/,
    );
    assert.match(html, /<a href="#field-username">Username is already taken/);
    assert.match(html, /id="field-first_name"[^>]*value="Kept"/);
  });

  test("changes the email after its code", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const newEmail = `new-${account.email}`;

    const response = await browser.post("/account/profile", {
      first_name: account.first_name,
      last_name: account.last_name,
      username: account.username,
      phone: account.phone,
      email: newEmail,
    });
    const verifyPage = await browser.page("/verify-email");
    const before = await browser.page("/account");
    const message = await findNewestMessage(stack.apiUrl, newEmail);
    const verified = await browser.post("/verify-email", {
      code: readCode(message.text),
    });
    const after = await browser.page("/account");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/verify-email");
    assert.ok(
      verifyPage.html.includes(
        `We sent a code to ${newEmail}. Your email address stays ${account.email} until you confirm the new one.`,
      ),
      "email change message",
    );
    assert.ok(before.html.includes(account.email), "old email kept");
    assert.equal(verified.status, 303);
    assert.ok(after.html.includes(newEmail), "new email shown");
  });
});

describe("/account/addresses", () => {
  test("shows a long postcode beside the field", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);
    const form = await browser.page("/account/addresses/new");

    const response = await addAddress(browser, {
      ...homeAddress,
      postal_code: "P".repeat(25),
    });
    const html = await response.text();
    const list = await browser.page("/account/addresses");

    assert.match(form.html, /<option value="GB">United Kingdom<\/option>/);
    assert.match(form.html, /autocomplete="shipping postal-code"/);
    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-postal_code-error") ?? "",
      /Postcode or ZIP code .*20/,
    );
    assert.match(html, /href="#field-postal_code"/);
    assert.match(html, /id="field-line1"[^>]*value="1 Lamp Street"/);
    assert.match(html, /<option value="GB" selected>/);
    assert.deepEqual(listedAddressIds(list.html), []);
  });

  test("shows an unknown country beside the field", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const response = await addAddress(browser, {
      ...homeAddress,
      country: "XX",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      paragraphText(html, "field-country-error") ?? "",
      /Country must be an ISO 3166-1 alpha-2 code/,
    );
    assert.match(html, /<a href="#field-country">Country must be/);
    assert.match(html, /id="field-postal_code"[^>]*value="SW1A 1AA"/);
  });

  test("adds, edits, makes default and deletes", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);
    await addAddress(browser, homeAddress);
    const added = await addAddress(browser, {
      ...homeAddress,
      name: "Work Desk",
      line1: "9 Office Road",
      country: "fr",
    });
    const listed = await browser.page("/account/addresses");
    const [firstId = "", secondId = ""] = listedAddressIds(listed.html);
    const editPath = `/account/addresses/${secondId}/edit`;

    const edited = await browser.post(
      editPath,
      {
        ...homeAddress,
        name: "Work Desk",
        line1: "10 Office Road",
        country: "FR",
      },
      { formPage: editPath },
    );
    const madeDefault = await browser.post(
      `/account/addresses/${secondId}/default`,
      {},
      { formPage: "/account/addresses" },
    );
    const afterDefault = await browser.page("/account/addresses");
    const confirmPage = await browser.page(
      `/account/addresses/${firstId}/delete`,
    );
    const deleted = await browser.post(
      `/account/addresses/${firstId}/delete`,
      {},
      { formPage: `/account/addresses/${firstId}/delete` },
    );
    const afterDelete = await browser.page("/account/addresses");

    assert.equal(added.status, 303);
    assert.equal(added.headers.get("location"), "/account/addresses");
    assert.match(listed.html, /France/);
    assert.equal(listedAddressIds(listed.html).length, 2);
    assert.equal(edited.status, 303);
    assert.equal(madeDefault.status, 303);
    assert.match(afterDefault.html, /10 Office Road/);
    assert.match(
      afterDefault.html,
      /Work Desk\s*<span class="tag">Default shipping address/,
    );
    assert.doesNotMatch(
      afterDefault.html,
      /Ada Tester\s*<span class="tag">Default shipping address/,
    );
    assert.equal(confirmPage.status, 200);
    assert.match(confirmPage.html, /Delete this address\?/);
    assert.equal(deleted.status, 303);
    assert.match(afterDelete.html, /The address has been deleted/);
    assert.deepEqual(listedAddressIds(afterDelete.html), [secondId]);
  });

  test("hides another user's address", async () => {
    const owner = await buildSignedInBrowser(stack.webUrl);
    await addAddress(owner, homeAddress);
    const [id = ""] = listedAddressIds(
      (await owner.page("/account/addresses")).html,
    );
    const stranger = await buildSignedInBrowser(stack.webUrl);

    const response = await stranger.get(`/account/addresses/${id}/edit`);
    const malformed = await stranger.get("/account/addresses/not-an-id/edit");

    assert.equal(response.status, 404);
    assert.equal(malformed.status, 404);
  });
});

describe("/account/delete", () => {
  test("rejects a wrong password then deletes", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const wrongPassword = "not-the-password-42";

    const wrong = await browser.post("/account/delete", {
      password: wrongPassword,
    });
    const wrongHtml = await wrong.text();
    const right = await browser.post("/account/delete", {
      password: account.password,
    });
    const home = await browser.page("/");
    const accountPage = await browser.get("/account");
    const signIn = await signInThroughWeb(
      browser,
      account.email,
      account.password,
    );

    assert.equal(wrong.status, 400);
    assert.match(
      paragraphText(wrongHtml, "field-password-error") ?? "",
      /Password is wrong/,
    );
    assert.ok(!wrongHtml.includes(wrongPassword), "password echoed");
    assert.equal(right.status, 303);
    assert.equal(right.headers.get("location"), "/");
    assert.ok(home.html.includes(accountDeletedMessage), "flash shown");
    assert.equal(accountPage.status, 303);
    assert.equal(signIn.status, 400);
  });
});

describe("GET /account/export", () => {
  test("downloads the data as a JSON attachment", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);

    const response = await browser.get("/account/export");
    const data = (await response.json()) as {
      profile: { email: string };
      addresses: unknown[];
    };

    assert.equal(response.status, 200);
    assert.match(
      response.headers.get("content-disposition") ?? "",
      /^attachment; filename="bazaar-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    assert.match(
      response.headers.get("content-type") ?? "",
      /application\/json/,
    );
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.equal(data.profile.email, account.email);
    assert.deepEqual(data.addresses, []);
  });
});
