import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseDecimalPrice, parseJsonPrice } from "./money.js";

describe("parseDecimalPrice", () => {
  const validCases: [string, number][] = [
    ["56.99", 5699],
    ["32.5", 3250],
    ["29", 2900],
    ["0.79", 79],
    ["36999.99", 3699999],
    ["0", 0],
    ["0.01", 1],
    ["12.50", 1250],
    [" 18 ", 1800],
    ["007.10", 710],
  ];
  for (const [text, expected] of validCases) {
    test(`converts "${text}" to ${expected}`, () => {
      const result = parseDecimalPrice(text);

      assert.deepEqual(result, { ok: true, minorUnits: expected });
    });
  }

  const invalidCases: [string, RegExp][] = [
    ["12.345", /at most 2 decimal places/],
    ["-1", /negative/],
    ["-0.50", /negative/],
    ["", /missing price/],
    ["   ", /missing price/],
    ["abc", /decimal number/],
    ["12,50", /decimal number/],
    ["1e3", /decimal number/],
    ["12.", /decimal number/],
    [".5", /decimal number/],
    ["$12", /decimal number/],
    ["99999999999", /too large/],
  ];
  for (const [text, reason] of invalidCases) {
    test(`rejects "${text}"`, () => {
      const result = parseDecimalPrice(text);

      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.reason, reason);
    });
  }

  test("converts every cent exactly", () => {
    const dollarValues = [0, 1, 9, 19, 56, 99, 100, 1234, 36999];

    for (const dollars of dollarValues) {
      for (let cents = 0; cents < 100; cents += 1) {
        const text = `${dollars}.${String(cents).padStart(2, "0")}`;
        const result = parseDecimalPrice(text);
        assert.deepEqual(
          result,
          { ok: true, minorUnits: dollars * 100 + cents },
          text,
        );
      }
    }
  });
});

describe("parseJsonPrice", () => {
  test("reads numbers without float error", () => {
    const prices = [56.99, 9.99, 0.79, 36999.99, 32.5, 29, 1.1, 4.35, 1.15];

    const results = prices.map((price) => parseJsonPrice(price));

    assert.deepEqual(
      results.map((result) => (result.ok ? result.minorUnits : result.reason)),
      [5699, 999, 79, 3699999, 3250, 2900, 110, 435, 115],
    );
  });

  test("converts every cent of numbers", () => {
    const dollarValues = [0, 1, 4, 9, 56, 129, 36999];

    for (const dollars of dollarValues) {
      for (let cents = 0; cents < 100; cents += 1) {
        const value = Number(`${dollars}.${String(cents).padStart(2, "0")}`);
        const result = parseJsonPrice(value);
        assert.deepEqual(
          result,
          { ok: true, minorUnits: dollars * 100 + cents },
          String(value),
        );
      }
    }
  });

  test("reads decimal strings", () => {
    const result = parseJsonPrice("12.50");

    assert.deepEqual(result, { ok: true, minorUnits: 1250 });
  });

  test("rejects non-numeric values", () => {
    const values: unknown[] = [
      null,
      undefined,
      true,
      [],
      {},
      Number.NaN,
      -5,
      1.005,
    ];

    const results = values.map((value) => parseJsonPrice(value));

    for (const [index, result] of results.entries()) {
      assert.equal(result.ok, false, `value ${index}`);
    }
  });
});
