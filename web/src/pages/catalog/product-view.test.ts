import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { ProductDetail, Variant } from "../../api/catalog.js";
import { PageError } from "../../errors.js";
import {
  buildOptionGroups,
  describeVariantStock,
  findChosenVariant,
  optionParameter,
} from "./product-view.js";

function buildVariant(
  sku: string,
  options: Record<string, string>,
  fields: Partial<Variant> = {},
): Variant {
  return {
    id: `id-${sku}`,
    sku,
    options,
    price: 1000,
    currency: "USD",
    stock_on_hand: 10,
    in_stock: true,
    ...fields,
  };
}

function buildProduct(variants: Variant[]): ProductDetail {
  const names = [...new Set(variants.flatMap((v) => Object.keys(v.options)))];
  return {
    id: "product-1",
    slug: "tee",
    name: "Tee",
    description: "",
    brand: null,
    tags: [],
    category: null,
    category_path: [],
    price_min: Math.min(...variants.map((v) => v.price)),
    price_max: Math.max(...variants.map((v) => v.price)),
    currency: "USD",
    in_stock: variants.some((v) => v.in_stock),
    images: [],
    options: names.map((name) => ({
      name,
      values: [...new Set(variants.map((v) => v.options[name] ?? ""))],
    })),
    variants,
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
  };
}

const tee = buildProduct([
  buildVariant("S-RED", { size: "S", colour: "Red" }),
  buildVariant("S-BLUE", { size: "S", colour: "Blue" }, { price: 1200 }),
  buildVariant("M-RED", { size: "M", colour: "Red" }),
  buildVariant(
    "M-BLUE",
    { size: "M", colour: "Blue" },
    { stock_on_hand: 0, in_stock: false },
  ),
]);

describe("findChosenVariant", () => {
  test("chooses none without a query", () => {
    assert.equal(findChosenVariant(tee, {}), undefined);
  });

  test("chooses the only variant", () => {
    const single = buildProduct([buildVariant("ONE", {})]);

    assert.equal(findChosenVariant(single, {})?.sku, "ONE");
  });

  test("chooses by SKU", () => {
    assert.equal(findChosenVariant(tee, { variant: "S-BLUE" })?.sku, "S-BLUE");
  });

  test("chooses by option values", () => {
    const chosen = findChosenVariant(tee, { size: "M", colour: "Red" });

    assert.equal(chosen?.sku, "M-RED");
  });

  test("chooses the first match of one value", () => {
    assert.equal(findChosenVariant(tee, { colour: "Blue" })?.sku, "S-BLUE");
  });

  test("throws not found for an unknown SKU", () => {
    assert.throws(
      () => findChosenVariant(tee, { variant: "XL-RED" }),
      (error) => error instanceof PageError && error.status === 404,
    );
  });

  test("throws not found for unknown values", () => {
    assert.throws(
      () => findChosenVariant(tee, { size: "XXL" }),
      (error) => error instanceof PageError && error.status === 404,
    );
  });
});

describe("buildOptionGroups", () => {
  test("links values to the closest variant", () => {
    const chosen = findChosenVariant(tee, { variant: "S-BLUE" });

    const [size, colour] = buildOptionGroups(tee, chosen);

    assert.deepEqual(
      size?.values.map((value) => [value.value, value.url, value.isCurrent]),
      [
        ["S", "/p/tee?variant=S-BLUE", true],
        ["M", "/p/tee?variant=M-BLUE", false],
      ],
    );
    assert.equal(colour?.chosenValue, "Blue");
  });

  test("marks values without stock", () => {
    const chosen = findChosenVariant(tee, { variant: "S-BLUE" });

    const [size] = buildOptionGroups(tee, chosen);

    assert.equal(size?.values[1]?.isInStock, false);
  });

  test("marks a value in stock through any variant", () => {
    const hoodie = buildProduct([
      buildVariant(
        "S-NAVY",
        { size: "S", colour: "Navy" },
        { stock_on_hand: 0, in_stock: false },
      ),
      buildVariant("M-NAVY", { size: "M", colour: "Navy" }),
    ]);

    const [, colour] = buildOptionGroups(hoodie, undefined);

    assert.equal(colour?.values[0]?.isInStock, true);
    assert.equal(colour?.values[0]?.url, "/p/tee?variant=M-NAVY");
  });

  test("marks a value out of stock when no variant has stock", () => {
    const soldOut = { stock_on_hand: 0, in_stock: false };
    const hoodie = buildProduct([
      buildVariant("S-NAVY", { size: "S", colour: "Navy" }, soldOut),
      buildVariant("M-NAVY", { size: "M", colour: "Navy" }, soldOut),
    ]);

    const [, colour] = buildOptionGroups(hoodie, undefined);

    assert.equal(colour?.values[0]?.isInStock, false);
    assert.equal(colour?.values[0]?.url, "/p/tee?variant=S-NAVY");
  });

  test("judges stock by the other chosen values", () => {
    const chosen = findChosenVariant(tee, { variant: "M-RED" });

    const [, colour] = buildOptionGroups(tee, chosen);

    assert.equal(colour?.values[1]?.url, "/p/tee?variant=M-BLUE");
    assert.equal(colour?.values[1]?.isInStock, false);
  });

  test("links to the first variant without a choice", () => {
    const [, colour] = buildOptionGroups(tee, undefined);

    assert.equal(colour?.values[1]?.url, "/p/tee?variant=S-BLUE");
    assert.equal(colour?.chosenValue, undefined);
  });
});

describe("describeVariantStock", () => {
  test("names the three stock levels", () => {
    const plenty = buildVariant("A", {}, { stock_on_hand: 6 });
    const few = buildVariant("B", {}, { stock_on_hand: 3 });
    const none = buildVariant("C", {}, { stock_on_hand: 0, in_stock: false });

    assert.equal(describeVariantStock(plenty).label, "In stock");
    assert.equal(describeVariantStock(few).label, "Only 3 left");
    assert.equal(describeVariantStock(none).label, "Out of stock");
  });
});

describe("optionParameter", () => {
  test("lower-cases option names", () => {
    assert.equal(optionParameter("Size"), "size");
    assert.equal(optionParameter("Strap Colour"), "strap_colour");
  });
});
