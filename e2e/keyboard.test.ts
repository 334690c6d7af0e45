// A shopper who uses the keyboard only. The skip link is the first Tab stop
// and moves focus to the main content. Every link, button and field shows a
// clear focus indicator when Tab reaches it. The sign-in form can be
// completed with Tab, Shift-Tab, typing, Enter and Space alone.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { buildAccount, register, signOut } from "./support/accounts.js";
import { runJourney, type Shopper } from "./support/journey.js";
import {
  findFocusProblem,
  pressTab,
  readFocus,
  tabThroughPage,
  tabTo,
} from "./support/keyboard.js";
import { startShop } from "./support/shop.js";

const shop = await startShop();

async function useTheKeyboardOnly(shopper: Shopper): Promise<void> {
  const account = buildAccount({ first_name: "Kay", last_name: "Board" });

  await shopper.step("registers, then signs out (with the mouse)", async () => {
    await shopper.visit("/");
    await register(shopper, account);
    await signOut(shopper);
  });

  await shopper.step(
    "presses Tab once: the skip link comes first and shows",
    async () => {
      await shopper.visit("/");
      const first = await pressTab(shopper.page);
      assert.equal(first.kind, "a");
      assert.equal(first.text, "Skip to content");
      assert.equal(findFocusProblem(first), undefined);
      const box = await shopper.page.locator(".skip-link").boundingBox();
      assert.ok(
        box !== null && box.y >= 0 && box.height > 0,
        "skip link on screen",
      );
    },
  );

  await shopper.step(
    "presses Enter on it: focus moves to the main content",
    async () => {
      await shopper.page.keyboard.press("Enter");
      const focused = await readFocus(shopper.page);
      assert.equal(focused.kind, "main");
      assert.equal(focused.id, "main");
      const next = await pressTab(shopper.page);
      assert.ok(
        next.isInMain,
        `the next Tab stop ${next.description} is in main`,
      );
    },
  );

  await shopper.step(
    "tabs through the home page: focus always shows",
    async () => {
      await shopper.visit("/");
      const kinds = await tabThroughPage(shopper.page);
      for (const kind of ["a", "button", "input[type=search]"]) {
        assert.ok(kinds.has(kind), `no ${kind} among ${[...kinds].join(", ")}`);
      }
    },
  );

  await shopper.step(
    "tabs through a category's filters: focus always shows",
    async () => {
      await shopper.visit("/c/apparel");
      const kinds = await tabThroughPage(shopper.page);
      for (const kind of [
        "a",
        "button",
        "select",
        "input[type=text]",
        "input[type=checkbox]",
      ]) {
        assert.ok(kinds.has(kind), `no ${kind} among ${[...kinds].join(", ")}`);
      }
    },
  );

  await shopper.step(
    "opens the sign-in page from the header with Tab and Enter",
    async () => {
      await shopper.visit("/");
      await tabTo(
        shopper.page,
        "the Sign in link",
        (focused) => focused.kind === "a" && focused.text === "Sign in",
      );
      await shopper.waitForPage(() => shopper.page.keyboard.press("Enter"));
      await shopper.expectHeading("Sign in");
    },
  );

  await shopper.step(
    "types the login and presses Enter too early",
    async () => {
      await tabTo(
        shopper.page,
        "the login field",
        (focused) => focused.id === "field-login",
      );
      await shopper.page.keyboard.type(account.email);
      await shopper.waitForPage(() => shopper.page.keyboard.press("Enter"), {
        status: 400,
      });
      await shopper.expectHeading("Sign in");
    },
  );

  await shopper.step(
    "follows the error to the password field with Tab and Enter",
    async () => {
      await tabTo(
        shopper.page,
        "the error about the password",
        (focused) =>
          focused.kind === "a" && focused.text === "Enter your password",
      );
      await shopper.page.keyboard.press("Enter");
      const focused = await readFocus(shopper.page);
      assert.equal(
        focused.id,
        "field-password",
        "the link moved focus to the field",
      );
    },
  );

  await shopper.step(
    "checks the login with Shift-Tab, then types the password",
    async () => {
      const login = await pressTab(shopper.page, true);
      assert.equal(login.id, "field-login");
      assert.equal(findFocusProblem(login), undefined);
      assert.equal(
        await shopper.field("Email, username or phone number").inputValue(),
        account.email,
      );
      const password = await pressTab(shopper.page);
      assert.equal(password.id, "field-password");
      await shopper.page.keyboard.type(account.password);
    },
  );

  await shopper.step(
    "tabs to the Sign in button and presses Space",
    async () => {
      const button = await pressTab(shopper.page);
      assert.equal(button.kind, "button");
      assert.equal(button.text, "Sign in");
      assert.equal(findFocusProblem(button), undefined);
      await shopper.waitForPage(() => shopper.page.keyboard.press("Space"));
      await shopper.expectHeading("Your account");
      assert.equal(await shopper.signedInName(), "Kay Board");
    },
  );
}

describe("keyboard", () => {
  test("skip link, visible focus and sign-in by keyboard", (t) =>
    runJourney(t, shop, {}, useTheKeyboardOnly));
});
