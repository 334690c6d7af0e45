// The cart page's view model and quantity parsing, on hand-built carts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { Cart, CartLine } from "../../api/carts.js";
import { parseQuantity } from "./cart.routes.js";
import { buildCartView, describeFlag, describeOptions } from "./cart-view.js";

function buildLine(fields: Partial<CartLine> = {}): CartLine {
  return {
    id: "7d8f4b1e-8c1a-4a57-9a51-2b1d5c7e9f01",
    variant_id: "2c0e6f3a-1b7d-4e5a-8f2c-9d3b4a5c6e7f",
    sku: "MUG-1",
    product_slug: "enamel-mug",
    product_name: "Enamel mug",
    options: {},
    image: null,
    unit_price: 1250,
    quantity: 2,
    line_total: 2500,
    stock_on_hand: 10,
    flags: [],
    ...fields,
  };
}

function buildCart(items: CartLine[], taxAdded = 0): Cart {
  const subtotal = items.reduce((sum, line) => sum + line.line_total, 0);
  return {
    id: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
    items,
    item_count: items.reduce((sum, line) => sum + line.quantity, 0),
    totals: {
      subtotal,
      discount_total: 0,
      shipping_total: 499,
      tax_total: taxAdded === 0 ? 417 : taxAdded,
      total: subtotal + 499 + taxAdded,
      currency: "USD",
      prices_include_tax: taxAdded === 0,
    },
    shipping_method: "standard",
    is_shipping_estimated: true,
    estimated_shipping_method: "standard",
    coupon: null,
    updated_at: "2026-12-04T10:00:00.000Z",
  };
}

describe("buildCartView", () => {
  test("has no cart and no checkout for a browser without one", () => {
    const view = buildCartView(undefined);

    assert.equal(view.isEmpty, true);
    assert.equal(view.canCheckout, false);
  });

  test("allows checkout when no line is blocked", () => {
    const view = buildCartView(
      buildCart([buildLine({ flags: ["price_changed"] })]),
    );

    assert.equal(view.canCheckout, true);
    assert.deepEqual(
      view.lines[0]?.notices.map((notice) => notice.isBlocking),
      [false],
    );
  });

  for (const flag of [
    "out_of_stock",
    "insufficient_stock",
    "inactive",
  ] as const) {
    test(`blocks checkout for a line flagged ${flag}`, () => {
      const view = buildCartView(buildCart([buildLine({ flags: [flag] })]));

      assert.equal(view.canCheckout, false);
      assert.equal(view.lines[0]?.notices[0]?.isBlocking, true);
    });
  }

  test("blocks checkout for an empty cart", () => {
    assert.equal(buildCartView(buildCart([])).canCheckout, false);
  });

  test("takes tax included or added from the API", () => {
    const line = buildLine();

    assert.equal(buildCartView(buildCart([line])).isTaxIncluded, true);
    assert.equal(buildCartView(buildCart([line], 500)).isTaxIncluded, false);
  });

  test("links each line to its product", () => {
    const view = buildCartView(buildCart([buildLine()]));

    assert.equal(view.lines[0]?.productUrl, "/p/enamel-mug");
  });
});

describe("describeFlag", () => {
  test("says how many are left when the stock is short", () => {
    const line = buildLine({ quantity: 5, stock_on_hand: 3 });

    assert.equal(
      describeFlag("insufficient_stock", line),
      "Only 3 left. Lower the quantity to check out.",
    );
  });
});

describe("describeOptions", () => {
  test("lists the options in their order", () => {
    assert.equal(
      describeOptions({ Size: "M", Colour: "Blue" }),
      "Size: M, Colour: Blue",
    );
  });

  test("capitalises lower-case option names", () => {
    assert.equal(describeOptions({ size: "S" }), "Size: S");
  });

  test("is empty for a product without options", () => {
    assert.equal(describeOptions({}), "");
  });
});

describe("parseQuantity", () => {
  test("accepts whole numbers within the bounds", () => {
    assert.deepEqual(parseQuantity(" 3 ", 1), { quantity: 3 });
    assert.deepEqual(parseQuantity("0", 0), { quantity: 0 });
    assert.deepEqual(parseQuantity("99", 1), { quantity: 99 });
  });

  for (const raw of ["0", "100", "-1", "1.5", "1e2", "two", "0x10", "1000"]) {
    test(`refuses "${raw}" when at least 1 is needed`, () => {
      assert.deepEqual(parseQuantity(raw, 1), {
        message: "Enter a whole number from 1 to 99",
      });
    });
  }

  test("asks for a quantity when the field is blank", () => {
    assert.deepEqual(parseQuantity("  ", 1), { message: "Enter a quantity" });
  });
});
