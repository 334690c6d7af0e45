import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { countryChoices, countryName } from "./countries.js";

describe("countryChoices", () => {
  test("lists the 249 ISO codes once", () => {
    const codes = countryChoices.map((choice) => choice.code);

    assert.equal(codes.length, 249);
    assert.equal(new Set(codes).size, 249);
    for (const code of codes) assert.match(code, /^[A-Z]{2}$/);
  });

  test("names every code in English", () => {
    for (const choice of countryChoices) {
      assert.notEqual(choice.name, choice.code, choice.code);
    }
    assert.equal(countryName("GB"), "United Kingdom");
    assert.equal(countryName("DE"), "Germany");
  });

  test("sorts by name", () => {
    const names = countryChoices.map((choice) => choice.name);

    const sorted = [...names].sort((a, b) => a.localeCompare(b, "en"));

    assert.deepEqual(names, sorted);
  });

  test("leaves unknown codes as they are", () => {
    assert.equal(countryName("XX"), "XX");
  });
});
