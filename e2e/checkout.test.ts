// A guest fills a cart, registers and orders. A T-shirt whose size and
// colour are chosen by link goes into the cart with a notebook. The cart
// page changes a quantity and removes a line, and the guest cart joins the
// new account. Checkout takes a typed address, express shipping and the test card: the
// declined card first, then the accepted one. The confirmation page and
// email name the order, which the order history shows and the shopper then
// cancels. The variant's stock, read from the API, drops by the order and
// comes back on cancelling. Run with JavaScript on and off; axe checks
// every page.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { buildAccount, register } from "./support/accounts.js";
import {
  addToCart,
  cardLabels,
  cartCount,
  cartLine,
  confirmedOrderNumber,
  fillInAddress,
  fillInCard,
  readCartLines,
  readVariantStock,
  testCards,
} from "./support/checkout.js";
import { expectFormErrors } from "./support/forms.js";
import {
  javaScriptModes,
  runJourney,
  type Shopper,
} from "./support/journey.js";
import { findLink, startShop } from "./support/shop.js";

const shop = await startShop();

/** The T-shirt the shopper orders, chosen by its size and colour links. */
const tShirt = {
  name: "Everyday Crew T-shirt",
  slug: "everyday-crew-t-shirt",
  sku: "BZ-TSH-01-M-NAVY",
  options: "Size: M, Color: Navy",
};
/** A product without options, added and then removed again. */
const notebookName = "Pocket Notebook Set";

/** Returns the row of order `number` in the order history table. */
function historyRow(shopper: Shopper, number: string) {
  return shopper.page
    .locator(".order-table tbody tr")
    .filter({ has: shopper.page.getByRole("link", { name: number }) });
}

/** Reads the cells of a table row, trimmed, header cell first. */
async function rowCells(row: ReturnType<typeof historyRow>): Promise<string[]> {
  const cells = await row.locator("th, td").allInnerTexts();
  return cells.map((cell) => cell.trim());
}

/** Reads the status that the order page shows. */
async function orderStatus(shopper: Shopper): Promise<string> {
  return (await shopper.page.locator(".order-status").innerText()).trim();
}

async function orderAsAGuestWhoRegisters(shopper: Shopper): Promise<void> {
  const account = buildAccount({ first_name: "Mary", last_name: "Jackson" });
  let stockBefore = 0;
  let orderNumber = "";

  await shopper.step("reads the T-shirt's stock from the API", async () => {
    stockBefore = await readVariantStock(shop, tShirt.slug, tShirt.sku);
    assert.ok(stockBefore >= 3, `only ${stockBefore} in stock`);
  });

  await shopper.step("chooses size M and colour Navy by link", async () => {
    await shopper.visit("/");
    const menu = shopper.page.getByRole("navigation", { name: "Categories" });
    await shopper.followLink("Apparel", { within: menu });
    await shopper.followLink(tShirt.name);
    await shopper.expectHeading(tShirt.name);
    const sizes = shopper.page.getByRole("region", { name: /^Size/ });
    await shopper.followLink("M", { within: sizes });
    const colours = shopper.page.getByRole("region", { name: /^Colou?r/ });
    await shopper.followLink("Navy", { within: colours });
    const sku = await shopper.page.locator(".product__sku").innerText();
    assert.equal(sku.trim(), `SKU: ${tShirt.sku}`);
  });

  await shopper.step("adds 2 to the cart as a guest", async () => {
    assert.equal(await cartCount(shopper), 0);
    await addToCart(shopper, 2);
    assert.equal(await cartCount(shopper), 2);
    assert.equal(await shopper.signedInName(), undefined);
  });

  await shopper.step("adds a notebook from the Stationery menu", async () => {
    const menu = shopper.page.getByRole("navigation", { name: "Categories" });
    await shopper.followLink("Stationery", { within: menu });
    await shopper.followLink(notebookName);
    await shopper.expectHeading(notebookName);
    await addToCart(shopper, 1);
    assert.equal(await cartCount(shopper), 3);
  });

  await shopper.step("raises the T-shirts to 3 on the cart page", async () => {
    await shopper.followLink(/^Cart/);
    await shopper.expectHeading("Your cart");
    const line = cartLine(shopper, tShirt.name);
    await line.getByRole("spinbutton").fill("3");
    await shopper.pressButton(/^Update/, { within: line });
    assert.deepEqual(await shopper.flashMessages(), ["Your cart was updated."]);
    assert.equal(await cartCount(shopper), 4);
  });

  await shopper.step("removes the notebook", async () => {
    await shopper.pressButton(/^Remove/, {
      within: cartLine(shopper, notebookName),
    });
    assert.deepEqual(await shopper.flashMessages(), [
      "The item was removed from your cart.",
    ]);
    assert.deepEqual(await readCartLines(shopper), [
      { name: tShirt.name, options: tShirt.options, quantity: "3" },
    ]);
    assert.equal(await cartCount(shopper), 3);
  });

  await shopper.step("registers a new account", async () => {
    await register(shopper, account);
  });

  await shopper.step(
    "verifies the email through the emailed link",
    async () => {
      const mail = await shop.readMail(account.email, /^Verify your email/);
      await shopper.visit(findLink(mail.text, "/verify-email").href);
      await shopper.pressButton("Verify my email address");
      assert.deepEqual(await shopper.flashMessages(), [
        "Your email address has been verified.",
      ]);
    },
  );

  await shopper.step("finds the guest cart in the account", async () => {
    assert.equal(await cartCount(shopper), 3);
    await shopper.followLink(/^Cart/);
    assert.deepEqual(await readCartLines(shopper), [
      { name: tShirt.name, options: tShirt.options, quantity: "3" },
    ]);
    const stock = await readVariantStock(shop, tShirt.slug, tShirt.sku);
    assert.equal(stock, stockBefore, "a cart takes no stock");
  });

  await shopper.step("types a new delivery address", async () => {
    await shopper.followLink("Check out");
    await shopper.expectHeading("Delivery address");
    await fillInAddress(shopper, {
      name: "Mary Jackson",
      line1: "1 Langley Boulevard",
      city: "Hampton",
      region: "Virginia",
      postal_code: "23681",
      country: "US",
      phone: "+1 757 555 0100",
    });
    await shopper.pressButton("Continue");
    await shopper.expectHeading("Shipping");
  });

  await shopper.step("chooses express shipping and the card", async () => {
    await shopper.page
      .getByRole("radio", { name: /^Express delivery/ })
      .check();
    await shopper.pressButton("Continue");
    await shopper.expectHeading("Payment");
    await shopper.page
      .getByRole("radio", { name: "Card", exact: true })
      .check();
    await shopper.pressButton("Continue");
    await shopper.expectHeading("Review and place your order");
    const review = await shopper.page.locator("main").innerText();
    for (const part of ["1 Langley Boulevard", "Express delivery"]) {
      assert.ok(review.includes(part), `"${part}" on the review page`);
    }
  });

  await shopper.step("is declined with the declined test card", async () => {
    await fillInCard(shopper, testCards.declined);
    await shopper.pressButton("Place order", { status: 402 });
    await expectFormErrors(shopper, [
      [cardLabels.number, /^The card was declined/],
    ]);
    // The card number and the security code are never sent back.
    assert.equal(await shopper.field(cardLabels.number).inputValue(), "");
    assert.equal(await shopper.field(cardLabels.cvc).inputValue(), "");
    assert.equal(
      await shopper.field(cardLabels.expiryMonth).inputValue(),
      "12",
    );
    const stock = await readVariantStock(shop, tShirt.slug, tShirt.sku);
    assert.equal(stock, stockBefore, "a declined card takes no stock");
  });

  await shopper.step("places the order with the accepted card", async () => {
    await fillInCard(shopper, testCards.accepted);
    await shopper.pressButton("Place order");
    await shopper.expectHeading("Thank you for your order");
    orderNumber = await confirmedOrderNumber(shopper);
    assert.equal(await cartCount(shopper), 0);
    const stock = await readVariantStock(shop, tShirt.slug, tShirt.sku);
    assert.equal(stock, stockBefore - 3, "the order takes 3 from the stock");
  });

  await shopper.step("gets the confirmation email", async () => {
    const mail = await shop.readMail(
      account.email,
      new RegExp(`^Your Bazaar order ${orderNumber}$`),
    );
    assert.match(mail.text, new RegExp(`order ${orderNumber}\\.`));
    assert.match(mail.text, /3 × Everyday Crew T-shirt \(BZ-TSH-01-M-NAVY\)/);
    assert.match(mail.text, /Paid by card ending 4242\./);
  });

  await shopper.step("finds the order in the order history", async () => {
    await shopper.followLink("Your orders");
    await shopper.expectHeading("Your orders");
    const cells = await rowCells(historyRow(shopper, orderNumber));
    assert.equal(cells[0], orderNumber);
    assert.equal(cells[2], "Paid");
    await shopper.followLink(orderNumber);
    await shopper.expectHeading(`Order ${orderNumber}`);
    assert.equal(await orderStatus(shopper), "Paid");
  });

  await shopper.step("cancels the order", async () => {
    await shopper.pressButton(`Cancel order ${orderNumber}`);
    await shopper.expectHeading(`Order ${orderNumber}`);
    const [flash] = await shopper.flashMessages();
    assert.match(
      flash ?? "",
      new RegExp(
        `^Order ${orderNumber} was cancelled; the stock has been returned\\. .* has been refunded to your card ending 4242\\.$`,
      ),
    );
    assert.equal(await orderStatus(shopper), "Cancelled");
    const stock = await readVariantStock(shop, tShirt.slug, tShirt.sku);
    assert.equal(stock, stockBefore, "cancelling returns the stock");
  });

  await shopper.step("sees it cancelled in the order history", async () => {
    await shopper.followLink("Back to your orders");
    const cells = await rowCells(historyRow(shopper, orderNumber));
    assert.equal(cells[2], "Cancelled");
  });

  await shopper.step("gets the cancellation email", async () => {
    const mail = await shop.readMail(
      account.email,
      new RegExp(`^Your Bazaar order ${orderNumber} is cancelled$`),
    );
    assert.match(mail.text, new RegExp(`order ${orderNumber} is cancelled`));
    assert.match(mail.text, /We refunded .* to your card\./);
  });
}

describe("checkout", () => {
  for (const mode of javaScriptModes) {
    test(`order as a guest who registers, then cancel, ${mode.label}`, (t) =>
      runJourney(t, shop, mode, orderAsAGuestWhoRegisters));
  }
});
