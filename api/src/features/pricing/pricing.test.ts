import assert from "node:assert/strict";
import { describe, test } from "node:test";

import fc from "fast-check";

import {
  computeDiscount,
  computeOrderTotals,
  computeShipping,
  computeTax,
  type CouponTerms,
  type OrderTotalsInput,
} from "./pricing.js";
import { divideRoundHalfEven } from "./rounding.js";

const lineArbitrary = fc.record({
  unitPrice: fc.integer({ min: 0, max: 500_000 }),
  quantity: fc.integer({ min: 1, max: 99 }),
});

const couponArbitrary: fc.Arbitrary<CouponTerms | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    kind: fc.constant("percentage" as const),
    percentOff: fc.integer({ min: 1, max: 100 }),
    minimumSubtotal: fc.integer({ min: 0, max: 100_000 }),
  }),
  fc.record({
    kind: fc.constant("fixed" as const),
    amountOff: fc.integer({ min: 1, max: 2_000_000 }),
    minimumSubtotal: fc.integer({ min: 0, max: 100_000 }),
  }),
);

const inputArbitrary: fc.Arbitrary<OrderTotalsInput> = fc.record({
  lines: fc.array(lineArbitrary, { maxLength: 30 }),
  coupon: couponArbitrary,
  shippingRate: fc.oneof(
    fc.constant(undefined),
    fc.record({
      flatRate: fc.integer({ min: 0, max: 5000 }),
      freeFromSubtotal: fc.option(fc.integer({ min: 0, max: 100_000 }), {
        nil: null,
      }),
    }),
  ),
  tax: fc.record({
    taxRateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
    pricesIncludeTax: fc.boolean(),
  }),
});

describe("computeOrderTotals", () => {
  test("subtotal equals sum of lines", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const totals = computeOrderTotals(input);

        const expected = input.lines.reduce(
          (sum, line) => sum + line.unitPrice * line.quantity,
          0,
        );
        assert.equal(totals.subtotal, expected);
        assert.deepEqual(
          totals.lineTotals,
          input.lines.map((line) => line.unitPrice * line.quantity),
        );
      }),
    );
  });

  test("total follows the documented formula", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const totals = computeOrderTotals(input);

        const beforeTax =
          totals.subtotal - totals.discountTotal + totals.shippingTotal;
        const expected = input.tax.pricesIncludeTax
          ? beforeTax
          : beforeTax + totals.taxTotal;
        assert.equal(totals.total, expected);
      }),
    );
  });

  test("discount stays within subtotal", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const totals = computeOrderTotals(input);

        assert.ok(totals.discountTotal >= 0);
        assert.ok(totals.discountTotal <= totals.subtotal);
      }),
    );
  });

  test("every amount is a non-negative integer", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const totals = computeOrderTotals(input);

        const amounts = [
          ...totals.lineTotals,
          totals.subtotal,
          totals.discountTotal,
          totals.shippingTotal,
          totals.taxTotal,
          totals.total,
        ];
        for (const amount of amounts) {
          assert.ok(Number.isSafeInteger(amount), `${amount} is an integer`);
          assert.ok(amount >= 0, `${amount} is not negative`);
        }
      }),
    );
  });

  test("tax is within half a cent of exact", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const totals = computeOrderTotals(input);

        const rate = BigInt(input.tax.taxRateBasisPoints);
        const taxable = BigInt(
          totals.subtotal - totals.discountTotal + totals.shippingTotal,
        );
        const denominator = input.tax.pricesIncludeTax
          ? 10_000n + rate
          : 10_000n;
        const error = BigInt(totals.taxTotal) * denominator - taxable * rate;
        const twiceError = error < 0n ? -2n * error : 2n * error;
        assert.ok(twiceError <= denominator);
      }),
    );
  });

  test("included tax never exceeds total", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const totals = computeOrderTotals({
          ...input,
          tax: { ...input.tax, pricesIncludeTax: true },
        });

        assert.ok(totals.taxTotal <= totals.total);
      }),
    );
  });

  test("rounds tax once per order", () => {
    // Three lines of 0.05 at 10 % exclusive: 0.5 cent each, so rounding
    // per line would give 0 (half to even) three times.
    const totals = computeOrderTotals({
      lines: [
        { unitPrice: 5, quantity: 1 },
        { unitPrice: 5, quantity: 1 },
        { unitPrice: 5, quantity: 1 },
      ],
      tax: { taxRateBasisPoints: 1000, pricesIncludeTax: false },
    });

    assert.equal(totals.taxTotal, 2);
    assert.equal(totals.total, 17);
  });

  test("prices inclusive tax at 20 %", () => {
    const totals = computeOrderTotals({
      lines: [{ unitPrice: 1200, quantity: 2 }],
      shippingRate: { flatRate: 499, freeFromSubtotal: 5000 },
      tax: { taxRateBasisPoints: 2000, pricesIncludeTax: true },
    });

    assert.equal(totals.subtotal, 2400);
    assert.equal(totals.shippingTotal, 499);
    assert.equal(totals.total, 2899);
    // 2899 / 6 = 483.17
    assert.equal(totals.taxTotal, 483);
  });

  test("prices empty cart at zero", () => {
    const totals = computeOrderTotals({
      lines: [],
      shippingRate: { flatRate: 499, freeFromSubtotal: 5000 },
      tax: { taxRateBasisPoints: 2000, pricesIncludeTax: false },
    });

    assert.equal(totals.total, 0);
    assert.equal(totals.shippingTotal, 0);
  });
});

describe("computeDiscount", () => {
  test("gives nothing below minimum subtotal", () => {
    const coupon: CouponTerms = {
      kind: "fixed",
      amountOff: 500,
      minimumSubtotal: 3000,
    };

    assert.equal(computeDiscount(2999, coupon), 0);
    assert.equal(computeDiscount(3000, coupon), 500);
  });

  test("caps fixed amount at subtotal", () => {
    const discount = computeDiscount(300, {
      kind: "fixed",
      amountOff: 500,
      minimumSubtotal: 0,
    });

    assert.equal(discount, 300);
  });

  test("rounds percentage half to even", () => {
    const coupon: CouponTerms = {
      kind: "percentage",
      percentOff: 50,
      minimumSubtotal: 0,
    };

    assert.equal(computeDiscount(5, coupon), 2);
    assert.equal(computeDiscount(7, coupon), 4);
  });
});

describe("computeShipping", () => {
  const standard = { flatRate: 499, freeFromSubtotal: 5000 };

  test("charges flat rate below threshold", () => {
    assert.equal(computeShipping(standard, 4999, { hasLines: true }), 499);
  });

  test("is free from threshold", () => {
    assert.equal(computeShipping(standard, 5000, { hasLines: true }), 0);
  });
});

describe("computeTax", () => {
  test("extracts included tax", () => {
    assert.equal(
      computeTax(1200, { taxRateBasisPoints: 2000, pricesIncludeTax: true }),
      200,
    );
  });

  test("adds exclusive tax", () => {
    assert.equal(
      computeTax(1000, { taxRateBasisPoints: 2000, pricesIncludeTax: false }),
      200,
    );
  });
});

describe("divideRoundHalfEven", () => {
  test("rounds ties to even", () => {
    assert.equal(divideRoundHalfEven(5n, 2n), 2n);
    assert.equal(divideRoundHalfEven(7n, 2n), 4n);
    assert.equal(divideRoundHalfEven(9n, 2n), 4n);
  });

  test("rounds non-ties to nearest", () => {
    assert.equal(divideRoundHalfEven(7n, 3n), 2n);
    assert.equal(divideRoundHalfEven(8n, 3n), 3n);
  });

  test("rejects zero denominator", () => {
    assert.throws(() => divideRoundHalfEven(1n, 0n), RangeError);
  });
});
