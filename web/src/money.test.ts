import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  formatMajorUnits,
  formatMoney,
  maxPriceMinor,
  minorUnitDigits,
  parseMajorUnits,
} from "./money.js";

describe("formatMoney", () => {
  test("formats dollars and cents", () => {
    assert.equal(formatMoney(1050, "USD"), "$10.50");
  });

  test("formats amounts below one unit", () => {
    assert.equal(formatMoney(5, "USD"), "$0.05");
  });

  test("groups thousands", () => {
    assert.equal(formatMoney(123456789, "USD"), "$1,234,567.89");
  });

  test("formats currencies without minor units", () => {
    assert.equal(formatMoney(1500, "JPY"), "¥1,500");
  });

  test("formats three-digit minor units", () => {
    // Intl puts a no-break space after the code.
    assert.match(formatMoney(1234, "BHD"), /^BHD\s1\.234$/);
  });

  test("keeps large amounts exact", () => {
    assert.equal(formatMoney(900719925474099, "USD"), "$9,007,199,254,740.99");
  });
});

describe("minorUnitDigits", () => {
  test("knows the digits per currency", () => {
    assert.equal(minorUnitDigits("EUR"), 2);
    assert.equal(minorUnitDigits("JPY"), 0);
    assert.equal(minorUnitDigits("KWD"), 3);
  });
});

describe("formatMajorUnits", () => {
  test("drops zero cents", () => {
    assert.equal(formatMajorUnits(1000, "USD"), "10");
  });

  test("keeps both cent digits", () => {
    assert.equal(formatMajorUnits(1050, "USD"), "10.50");
    assert.equal(formatMajorUnits(999, "USD"), "9.99");
  });

  test("writes whole yen", () => {
    assert.equal(formatMajorUnits(1500, "JPY"), "1500");
  });
});

describe("parseMajorUnits", () => {
  test("parses whole units", () => {
    assert.deepEqual(parseMajorUnits("10", "USD"), {
      ok: true,
      amountMinor: 1000,
    });
  });

  test("parses one and two decimals", () => {
    assert.deepEqual(parseMajorUnits("10.5", "USD"), {
      ok: true,
      amountMinor: 1050,
    });
    assert.deepEqual(parseMajorUnits("10.05", "USD"), {
      ok: true,
      amountMinor: 1005,
    });
  });

  test("ignores surrounding spaces", () => {
    assert.deepEqual(parseMajorUnits(" 7 ", "USD"), {
      ok: true,
      amountMinor: 700,
    });
  });

  test("rejects text and signs", () => {
    for (const text of ["abc", "-1", "+1", "1e3", "1,000", "10.", ".5", ""]) {
      assert.deepEqual(
        parseMajorUnits(text, "USD"),
        { ok: false, reason: "format" },
        text,
      );
    }
  });

  test("rejects more decimals than the currency has", () => {
    assert.deepEqual(parseMajorUnits("10.505", "USD"), {
      ok: false,
      reason: "format",
    });
    assert.deepEqual(parseMajorUnits("10.5", "JPY"), {
      ok: false,
      reason: "format",
    });
  });

  test("rejects amounts above the maximum", () => {
    assert.deepEqual(parseMajorUnits("10000000", "USD"), {
      ok: false,
      reason: "too-large",
    });
    assert.deepEqual(parseMajorUnits("9".repeat(40), "USD"), {
      ok: false,
      reason: "too-large",
    });
  });

  test("accepts the maximum itself", () => {
    assert.deepEqual(parseMajorUnits("9999999.99", "USD"), {
      ok: true,
      amountMinor: maxPriceMinor,
    });
  });
});
