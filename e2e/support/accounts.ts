// What a shopper does with an account, through the storefront's pages only:
// register, sign in and sign out. Journeys build on these steps; the
// accounts come from the web tests' builder, so each one is unique.
import assert from "node:assert/strict";

import { buildAccount, type TestAccount } from "../../web/src/test/accounts.js";
import type { Shopper } from "./journey.js";

export { buildAccount, type TestAccount };

/** The labels of the registration form, by the field they fill. */
export const registrationLabels = {
  first_name: "First name",
  last_name: "Last name",
  email: "Email address",
  username: "Username (optional)",
  phone: "Phone number (optional)",
  password: "Password",
} as const satisfies Record<keyof TestAccount, string>;

/** Fills in the registration form with the fields of `account`. */
export async function fillInRegistration(
  shopper: Shopper,
  account: Partial<TestAccount>,
): Promise<void> {
  for (const [name, label] of Object.entries(registrationLabels)) {
    const value = account[name as keyof TestAccount];
    if (value !== undefined) await shopper.fillIn(label, value);
  }
}

/**
 * Follows the header's Register link, fills in the form and creates the
 * account; the shopper lands signed in on the account page.
 */
export async function register(
  shopper: Shopper,
  account: TestAccount,
): Promise<void> {
  await shopper.followLink("Register", {
    within: shopper.accountNavigation(),
  });
  await shopper.expectHeading("Create an account");
  await fillInRegistration(shopper, account);
  await shopper.pressButton("Create account");
  await shopper.expectHeading("Your account");
  assert.equal(
    await shopper.signedInName(),
    `${account.first_name} ${account.last_name}`,
  );
}

/**
 * Follows the header's Sign in link, types the login and the password and
 * signs in; the shopper lands on the account page.
 */
export async function signIn(
  shopper: Shopper,
  login: string,
  password: string,
): Promise<void> {
  await shopper.followLink("Sign in", { within: shopper.accountNavigation() });
  await shopper.expectHeading("Sign in");
  await shopper.fillIn("Email, username or phone number", login);
  await shopper.fillIn("Password", password);
  await shopper.pressButton("Sign in", {
    within: shopper.page.locator("main"),
  });
  await shopper.expectHeading("Your account");
  assert.deepEqual(await shopper.flashMessages(), ["You are signed in."]);
}

/** Presses Sign out in the header; the shopper lands on the home page. */
export async function signOut(shopper: Shopper): Promise<void> {
  await shopper.pressButton("Sign out", {
    within: shopper.accountNavigation(),
  });
  assert.equal(new URL(shopper.page.url()).pathname, "/");
  assert.deepEqual(await shopper.flashMessages(), ["You have signed out."]);
  assert.equal(await shopper.signedInName(), undefined);
}
