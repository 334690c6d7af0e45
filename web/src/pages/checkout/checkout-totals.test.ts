import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { Cart } from "../../api/carts.js";
import type { ShippingMethod } from "../../api/orders.js";
import { describeShippingMethod } from "./checkout-pages.js";
import { shippingPriceOf, toReviewTotals } from "./checkout-totals.js";

const standard: ShippingMethod = {
  code: "standard",
  name: "Standard delivery",
  description: "Tracked parcel.",
  price: 499,
  free_from_subtotal: 5000,
  currency: "USD",
  delivery_days_min: 3,
  delivery_days_max: 5,
};

const express: ShippingMethod = {
  ...standard,
  code: "express",
  name: "Express delivery",
  price: 1299,
  free_from_subtotal: null,
  delivery_days_min: 1,
  delivery_days_max: 1,
};

/** Builds a cart as GET /me/cart prices it with express and a coupon. */
function buildPricedCart(options: { pricesIncludeTax: boolean }): Cart {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    items: [],
    item_count: 1,
    totals: {
      subtotal: 3000,
      discount_total: 750,
      shipping_total: 1299,
      tax_total: 592,
      total: options.pricesIncludeTax ? 3549 : 4141,
      currency: "USD",
      prices_include_tax: options.pricesIncludeTax,
    },
    shipping_method: "express",
    is_shipping_estimated: false,
    estimated_shipping_method: "express",
    coupon: {
      code: "SAVE25",
      kind: "percentage",
      percent_off: 25,
      amount_off: null,
      minimum_subtotal: 0,
    },
    updated_at: "2025-01-01T00:00:00.000Z",
  };
}

describe("shippingPriceOf", () => {
  test("charges the price below the threshold", () => {
    assert.equal(shippingPriceOf(standard, 4999), 499);
  });

  test("is free from the threshold", () => {
    assert.equal(shippingPriceOf(standard, 5000), 0);
  });

  test("never frees a method without threshold", () => {
    assert.equal(shippingPriceOf(express, 1_000_000), 1299);
  });
});

describe("toReviewTotals", () => {
  test("shows the API's figures and coupon", () => {
    const totals = toReviewTotals(buildPricedCart({ pricesIncludeTax: true }));

    assert.deepEqual(totals, {
      subtotal: 3000,
      discount: 750,
      shipping: 1299,
      tax: 592,
      total: 3549,
      currency: "USD",
      isTaxIncluded: true,
      couponCode: "SAVE25",
    });
  });

  test("marks tax added to the prices", () => {
    const totals = toReviewTotals(buildPricedCart({ pricesIncludeTax: false }));

    assert.equal(totals.isTaxIncluded, false);
    assert.equal(totals.total, 4141);
  });

  test("has no coupon code without a coupon", () => {
    const cart = {
      ...buildPricedCart({ pricesIncludeTax: true }),
      coupon: null,
    };

    assert.equal(toReviewTotals(cart).couponCode, undefined);
  });
});

describe("describeShippingMethod", () => {
  test("names the free threshold in the shop's money", () => {
    assert.equal(
      describeShippingMethod(standard),
      "Tracked parcel. Free for orders of $50.00 or more. Delivery in 3 to 5 business days.",
    );
  });

  test("leaves the threshold out when there is none", () => {
    assert.doesNotMatch(describeShippingMethod(express), /Free/);
  });
});
