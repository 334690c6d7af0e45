import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { isCountryCode, listCountryCodes } from "./countries.js";

describe("isCountryCode", () => {
  test("lists all 249 assigned codes", () => {
    const codes = listCountryCodes();

    assert.equal(codes.length, 249);
    assert.equal(new Set(codes).size, 249);
  });

  test("gives every code a region name", () => {
    const names = new Intl.DisplayNames(["en"], {
      type: "region",
      fallback: "none",
    });

    const unnamed = listCountryCodes().filter((code) => !names.of(code));

    assert.deepEqual(unnamed, []);
  });

  test("accepts assigned codes", () => {
    for (const code of ["GB", "US", "DE", "JP", "SS", "CW", "AX"]) {
      assert.equal(isCountryCode(code), true, code);
    }
  });

  test("rejects unassigned and reserved codes", () => {
    for (const code of ["XX", "ZZ", "EU", "UN", "UK", "AC", "QO", "gb"]) {
      assert.equal(isCountryCode(code), false, code);
    }
  });
});
