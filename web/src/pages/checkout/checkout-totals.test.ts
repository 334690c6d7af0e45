import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { Cart } from "../../api/carts.js";
import type { ShippingMethod } from "../../api/orders.js";
import {
  computeReviewTotals,
  computeTax,
  shippingPriceOf,
} from "./checkout-totals.js";

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

/** Builds a cart with the totals the API sends, shipping by `standard`. */
function buildCart(totals: {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
}): Cart {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    items: [],
    item_count: 1,
    totals: {
      subtotal: totals.subtotal,
      discount_total: 0,
      shipping_total: totals.shipping,
      tax_total: totals.tax,
      total: totals.total,
      currency: "USD",
    },
    estimated_shipping_method: "standard",
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

describe("computeTax", () => {
  test("rounds contained tax half to even", () => {
    // 4299 × 2000 / 12000 = 716.5, which rounds to the even 716.
    assert.equal(computeTax(4299, 2000, true), 716);
    // 3499 × 2000 / 12000 = 583.17.
    assert.equal(computeTax(3499, 2000, true), 583);
  });

  test("rounds added tax half to even", () => {
    // 1025 × 1000 / 10000 = 102.5, which rounds to the even 102.
    assert.equal(computeTax(1025, 1000, false), 102);
    assert.equal(computeTax(1035, 1000, false), 104);
  });
});

describe("computeReviewTotals", () => {
  test("keeps the cart's totals for its own method", () => {
    const cart = buildCart({
      subtotal: 3000,
      shipping: 499,
      tax: 583,
      total: 3499,
    });

    const totals = computeReviewTotals(cart, standard);

    assert.equal(totals.shipping, 499);
    assert.equal(totals.tax, 583);
    assert.equal(totals.total, 3499);
    assert.equal(totals.isTaxIncluded, true);
    assert.equal(totals.isTaxEstimated, false);
  });

  test("prices another method with contained tax", () => {
    const cart = buildCart({
      subtotal: 3000,
      shipping: 499,
      tax: 583,
      total: 3499,
    });

    const totals = computeReviewTotals(cart, express);

    assert.equal(totals.shipping, 1299);
    assert.equal(totals.total, 4299);
    // Several rates near 20 % give 583 on 3499; 20 % itself gives 716.
    assert.equal(totals.tax, 716);
    assert.equal(totals.isTaxEstimated, true);
  });

  test("prices another method with added tax", () => {
    // 10 % added: tax on 3000 + 499 is 349.9, so 350.
    const cart = buildCart({
      subtotal: 3000,
      shipping: 499,
      tax: 350,
      total: 3849,
    });

    const totals = computeReviewTotals(cart, express);

    assert.equal(totals.isTaxIncluded, false);
    assert.equal(totals.shipping, 1299);
    // 10 % of 4299 is 429.9, so 430.
    assert.equal(totals.tax, 430);
    assert.equal(totals.total, 4729);
  });

  test("derives the tax exactly from a large order", () => {
    // 20 % added on 1 234 567 (standard shipping is free) is 246 913.4, and
    // no other whole number of basis points gives 246 913.
    const cart = buildCart({
      subtotal: 1_234_567,
      shipping: 0,
      tax: 246_913,
      total: 1_481_480,
    });

    const totals = computeReviewTotals(cart, express);

    // 20 % of 1 234 567 + 1 299 = 1 235 866 is 247 173.2.
    assert.equal(totals.tax, 247_173);
    assert.equal(totals.total, 1_483_039);
    assert.equal(totals.isTaxEstimated, false);
  });

  test("finds no tax at rate zero", () => {
    const cart = buildCart({
      subtotal: 3000,
      shipping: 499,
      tax: 0,
      total: 3499,
    });

    const totals = computeReviewTotals(cart, express);

    assert.equal(totals.tax, 0);
    assert.equal(totals.total, 4299);
  });
});
