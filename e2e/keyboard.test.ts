// A shopper who uses the keyboard only. The skip link is the first Tab stop
// and moves focus to the main content. Every link, button and field shows a
// clear focus indicator when Tab reaches it. The sign-in form, and checkout
// from the cart page to the confirmation, can be completed with Tab,
// Shift-Tab, typing, Enter and Space alone, and the arrow keys in a group of
// radio buttons.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { buildAccount, register, signOut } from "./support/accounts.js";
import {
  addToCart,
  cardLabels,
  confirmedOrderNumber,
  futureCardExpiry,
  testCards,
} from "./support/checkout.js";
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

/** Presses Tab until the field with id `id` has focus, then types `text`. */
async function tabToAndType(
  shopper: Shopper,
  id: string,
  text: string,
): Promise<void> {
  await tabTo(shopper.page, `the field #${id}`, (focused) => focused.id === id);
  await shopper.page.keyboard.type(text);
}

/** Presses Tab until the button named `name` has focus. */
async function tabToButton(shopper: Shopper, name: string): Promise<void> {
  await tabTo(
    shopper.page,
    `the ${name} button`,
    (focused) => focused.kind === "button" && focused.text === name,
  );
}

/** Reads which radio button of the group `name` is checked, by its value. */
async function checkedRadio(shopper: Shopper, name: string): Promise<string> {
  return shopper.page
    .locator(`input[type=radio][name="${name}"]:checked`)
    .inputValue();
}

async function checkOutWithTheKeyboardOnly(shopper: Shopper): Promise<void> {
  const account = buildAccount({ first_name: "Key", last_name: "Stroke" });
  const expiry = futureCardExpiry();

  await shopper.step(
    "registers and fills the cart (with the mouse)",
    async () => {
      await shopper.visit("/");
      await register(shopper, account);
      await shopper.visit("/p/everyday-crew-t-shirt?variant=BZ-TSH-01-M-NAVY");
      await addToCart(shopper, 1);
      await shopper.visit("/cart");
    },
  );

  await shopper.step("tabs to Check out and presses Enter", async () => {
    await tabTo(
      shopper.page,
      "the Check out link",
      (focused) => focused.kind === "a" && focused.text === "Check out",
    );
    await shopper.waitForPage(() => shopper.page.keyboard.press("Enter"));
    await shopper.expectHeading("Delivery address");
  });

  await shopper.step("types the address field by field", async () => {
    await tabToAndType(shopper, "field-name", "Key Stroke");
    await tabToAndType(shopper, "field-line1", "1 Home Row");
    await tabToAndType(shopper, "field-city", "London");
    await tabToAndType(shopper, "field-postal_code", "SW1A 1AA");
    // Typing on a closed select chooses the first option that starts so.
    await tabToAndType(shopper, "field-country", "United Kingdom");
    assert.equal(await shopper.field("Country").inputValue(), "GB");
  });

  await shopper.step(
    "checks the postcode with Shift-Tab, then presses Enter on Continue",
    async () => {
      const postcode = await pressTab(shopper.page, true);
      assert.equal(postcode.id, "field-postal_code");
      assert.equal(findFocusProblem(postcode), undefined);
      await tabToButton(shopper, "Continue");
      await shopper.waitForPage(() => shopper.page.keyboard.press("Enter"));
      await shopper.expectHeading("Shipping");
    },
  );

  await shopper.step(
    "moves from standard to express shipping with an arrow key",
    async () => {
      // Tab stops once in a radio group, on its checked button.
      const standard = await tabTo(
        shopper.page,
        "the shipping methods",
        (focused) => focused.kind === "input[type=radio]",
      );
      assert.equal(standard.id, "field-shipping_method");
      assert.equal(await checkedRadio(shopper, "shipping_method"), "standard");
      await shopper.page.keyboard.press("ArrowDown");
      const express = await readFocus(shopper.page);
      assert.equal(findFocusProblem(express), undefined);
      assert.equal(await checkedRadio(shopper, "shipping_method"), "express");
      await tabToButton(shopper, "Continue");
      await shopper.waitForPage(() => shopper.page.keyboard.press("Space"));
      await shopper.expectHeading("Payment");
    },
  );

  await shopper.step("chooses the card with Space", async () => {
    const card = await tabTo(
      shopper.page,
      "the payment methods",
      (focused) => focused.kind === "input[type=radio]",
    );
    assert.equal(card.id, "field-payment_method");
    await shopper.page.keyboard.press("Space");
    assert.equal(await checkedRadio(shopper, "payment_method"), "test_card");
    await tabToButton(shopper, "Continue");
    await shopper.waitForPage(() => shopper.page.keyboard.press("Enter"));
    await shopper.expectHeading("Review and place your order");
  });

  await shopper.step("types the card details", async () => {
    await tabToAndType(shopper, "field-card_number", testCards.accepted);
    await tabToAndType(shopper, "field-card_exp_month", expiry.month);
    await tabToAndType(shopper, "field-card_exp_year", expiry.year);
    await tabToAndType(shopper, "field-card_cvc", "123");
    const year = await pressTab(shopper.page, true);
    assert.equal(year.id, "field-card_exp_year");
    assert.equal(
      await shopper.field(cardLabels.expiryYear).inputValue(),
      expiry.year,
    );
  });

  await shopper.step("presses Enter on Place order", async () => {
    await tabToButton(shopper, "Place order");
    await shopper.waitForPage(() => shopper.page.keyboard.press("Enter"));
    await shopper.expectHeading("Thank you for your order");
    await confirmedOrderNumber(shopper);
    const shipping = await shopper.page.locator("main").innerText();
    assert.ok(shipping.includes("Express delivery"), "express shipping");
  });
}

describe("keyboard", () => {
  test("skip link, visible focus and sign-in by keyboard", (t) =>
    runJourney(t, shop, {}, useTheKeyboardOnly));

  test("checkout from the cart by keyboard", (t) =>
    runJourney(t, shop, {}, checkOutWithTheKeyboardOnly));
});
