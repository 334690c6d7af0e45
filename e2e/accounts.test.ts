// A shopper's account from the first visit: registration, the verification
// email read from the SMTP server and its link, signing out and in again,
// and a forgotten password replaced through the emailed link. Run with
// JavaScript on and off; axe checks every page.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { buildAccount, register, signIn, signOut } from "./support/accounts.js";
import { expectFormErrors } from "./support/forms.js";
import {
  javaScriptModes,
  runJourney,
  type Shopper,
} from "./support/journey.js";
import { findLink, startShop } from "./support/shop.js";

const shop = await startShop();

/** Reads the status tag next to the email address on the account page. */
async function emailStatus(shopper: Shopper): Promise<string> {
  const row = shopper.page
    .locator(".summary-list__row")
    .filter({ hasText: "Email address" });
  return (await row.locator(".tag").innerText()).trim();
}

async function registerVerifyAndSignInAgain(shopper: Shopper): Promise<void> {
  const account = buildAccount({ first_name: "Grace", last_name: "Hopper" });

  await shopper.step("opens the home page", async () => {
    await shopper.visit("/");
  });

  await shopper.step("creates an account", async () => {
    await register(shopper, account);
    assert.deepEqual(await shopper.flashMessages(), [
      "Your account has been created and you are signed in.",
    ]);
    assert.equal(await emailStatus(shopper), "not verified");
  });

  await shopper.step("opens the link in the verification email", async () => {
    const mail = await shop.readMail(account.email, /^Verify your email/);
    const link = findLink(mail.text, "/verify-email");
    assert.equal(link.origin, shop.webUrl, "the link leads to this shop");
    await shopper.visit(link.href);
    await shopper.expectHeading("Verify your email address");
    await shopper.pressButton("Verify my email address");
    await shopper.expectHeading("Your account");
    assert.deepEqual(await shopper.flashMessages(), [
      "Your email address has been verified.",
    ]);
    assert.equal(await emailStatus(shopper), "verified");
  });

  await shopper.step("signs out", async () => {
    await signOut(shopper);
  });

  await shopper.step("signs in again with the username", async () => {
    await signIn(shopper, account.username, account.password);
    assert.equal(await shopper.signedInName(), "Grace Hopper");
    assert.equal(await emailStatus(shopper), "verified");
  });
}

async function resetAForgottenPassword(shopper: Shopper): Promise<void> {
  const account = buildAccount({ first_name: "Alan", last_name: "Turing" });
  const newPassword = `${account.password} renewed`;

  await shopper.step("creates an account and signs out", async () => {
    await shopper.visit("/");
    await register(shopper, account);
    await signOut(shopper);
  });

  await shopper.step("asks for a reset link on the sign-in page", async () => {
    await shopper.followLink("Sign in", {
      within: shopper.accountNavigation(),
    });
    await shopper.followLink("Forgot your password?");
    await shopper.expectHeading("Reset your password");
    await shopper.fillIn("Email address", account.email);
    await shopper.pressButton("Send the link");
    await shopper.expectHeading("Check your email");
  });

  await shopper.step(
    "chooses a new password through the emailed link",
    async () => {
      const mail = await shop.readMail(account.email, /^Reset your password/);
      const link = findLink(mail.text, "/reset-password");
      assert.equal(link.origin, shop.webUrl, "the link leads to this shop");
      await shopper.visit(link.href);
      await shopper.expectHeading("Choose a new password");
      await shopper.fillIn("New password", newPassword);
      await shopper.pressButton("Change password");
      await shopper.expectHeading("Sign in");
      assert.equal(new URL(shopper.page.url()).pathname, "/sign-in");
    },
  );

  await shopper.step("cannot sign in with the old password", async () => {
    await shopper.fillIn("Email, username or phone number", account.email);
    await shopper.fillIn("Password", account.password);
    await shopper.pressButton("Sign in", {
      within: shopper.page.locator("main"),
      status: 400,
    });
    await expectFormErrors(shopper, [
      ["Password", /^The login or the password is wrong/],
    ]);
  });

  await shopper.step("signs in with the new password", async () => {
    await signIn(shopper, account.email, newPassword);
    assert.equal(await shopper.signedInName(), "Alan Turing");
  });

  await shopper.step("the reset link does not work twice", async () => {
    const mail = shop.smtp.messages.find(
      (message) =>
        message.to.includes(account.email) &&
        /^Reset your password/.test(message.subject),
    );
    assert.ok(mail !== undefined);
    await shopper.visit(findLink(mail.text, "/reset-password").href);
    await shopper.fillIn("New password", `${newPassword} again`);
    await shopper.pressButton("Change password", { status: 400 });
    await shopper.expectHeading("This reset link cannot be used");
  });
}

describe("accounts", () => {
  for (const mode of javaScriptModes) {
    test(`register, verify, sign out and in, ${mode.label}`, (t) =>
      runJourney(t, shop, mode, registerVerifyAndSignInAgain));

    test(`reset a forgotten password, ${mode.label}`, (t) =>
      runJourney(t, shop, mode, resetAForgottenPassword));
  }
});
