import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildCatalogUrl,
  parseCatalogQuery,
  toProductListQuery,
  type CatalogFilters,
} from "./catalog-query.js";

const usd = { currency: "USD" };

function parseFilters(query: Record<string, unknown>): CatalogFilters {
  const result = parseCatalogQuery(query, usd);
  assert.ok(result.ok, JSON.stringify(result));
  return result.filters;
}

function parseErrors(query: Record<string, unknown>): Record<string, string> {
  const result = parseCatalogQuery(query, usd);
  assert.ok(!result.ok, "expected the query to be rejected");
  return Object.fromEntries(
    result.fieldErrors.map((error) => [error.field, error.message]),
  );
}

describe("parseCatalogQuery", () => {
  test("defaults an empty query", () => {
    const filters = parseFilters({});

    assert.deepEqual(filters, {
      q: undefined,
      category: undefined,
      minPriceMinor: undefined,
      maxPriceMinor: undefined,
      inStock: false,
      sort: undefined,
      page: 1,
    });
  });

  test("parses every field", () => {
    const filters = parseFilters({
      q: "  mug ",
      category: "kitchen",
      min_price: "10",
      max_price: "10.50",
      in_stock: "1",
      sort: "-price",
      page: "3",
    });

    assert.deepEqual(filters, {
      q: "mug",
      category: "kitchen",
      minPriceMinor: 1000,
      maxPriceMinor: 1050,
      inStock: true,
      sort: "-price",
      page: 3,
    });
  });

  test("treats empty form fields as absent", () => {
    const filters = parseFilters({ q: "", min_price: "", max_price: " " });

    assert.equal(filters.q, undefined);
    assert.equal(filters.minPriceMinor, undefined);
    assert.equal(filters.maxPriceMinor, undefined);
  });

  test("drops the default sort", () => {
    assert.equal(parseFilters({ sort: "newest" }).sort, undefined);
    assert.equal(parseFilters({ q: "mug", sort: "relevance" }).sort, undefined);
    assert.equal(parseFilters({ sort: "relevance" }).sort, undefined);
    assert.equal(parseFilters({ q: "mug", sort: "newest" }).sort, "newest");
  });

  test("reads the first of repeated fields", () => {
    assert.equal(parseFilters({ page: ["2", "5"] }).page, 2);
  });

  test("rejects a minimum price that is not a number", () => {
    const errors = parseErrors({ min_price: "abc" });

    assert.equal(
      errors.min_price,
      "Minimum price must be a number such as 10 or 10.50",
    );
  });

  test("rejects a maximum price that is too large", () => {
    const errors = parseErrors({ max_price: "100000000" });

    assert.equal(errors.max_price, "Maximum price must be at most 9999999.99");
  });

  test("rejects a minimum above the maximum", () => {
    const errors = parseErrors({ min_price: "50", max_price: "10" });

    assert.equal(
      errors.min_price,
      "Minimum price must not be more than the maximum price",
    );
  });

  test("rejects bad pages", () => {
    for (const page of ["0", "-1", "two", "1.5", "1000001"]) {
      assert.match(parseErrors({ page }).page ?? "", /^Page must be/, page);
    }
  });

  test("rejects an unknown sort", () => {
    assert.ok(parseErrors({ sort: "cheapest" }).sort);
  });

  test("rejects an unknown in stock value", () => {
    assert.ok(parseErrors({ in_stock: "maybe" }).in_stock);
  });

  test("rejects search text over 200 characters", () => {
    const errors = parseErrors({ q: "a".repeat(201) });

    assert.equal(errors.q, "Search text must be at most 200 characters");
  });

  test("lists every invalid field", () => {
    const errors = parseErrors({ min_price: "x", max_price: "y", page: "z" });

    assert.deepEqual(Object.keys(errors).sort(), [
      "max_price",
      "min_price",
      "page",
    ]);
  });

  test("keeps the typed values", () => {
    const result = parseCatalogQuery({ min_price: "abc", sort: "name" }, usd);

    assert.deepEqual(result.values, { min_price: "abc", sort: "name" });
  });
});

describe("toProductListQuery", () => {
  test("maps filters to API fields", () => {
    const filters = parseFilters({
      q: "mug",
      min_price: "1",
      in_stock: "on",
      sort: "price",
      page: "2",
    });

    const query = toProductListQuery(filters, "kitchen");

    assert.deepEqual(query, {
      q: "mug",
      category: "kitchen",
      min_price: 100,
      in_stock: true,
      sort: "price",
      page: 2,
      page_size: 24,
    });
  });
});

describe("buildCatalogUrl", () => {
  test("leaves defaults out", () => {
    assert.equal(
      buildCatalogUrl("/c/mugs", parseFilters({}), "USD"),
      "/c/mugs",
    );
  });

  test("writes prices in major units", () => {
    const filters = parseFilters({ min_price: "10.5", max_price: "20" });

    const url = buildCatalogUrl("/c/mugs", filters, "USD");

    assert.equal(url, "/c/mugs?min_price=10.50&max_price=20");
  });

  test("applies changes over the filters", () => {
    const filters = parseFilters({ q: "red mug", sort: "name", page: "4" });

    const url = buildCatalogUrl("/search", filters, "USD", { page: 5 });

    assert.equal(url, "/search?q=red+mug&sort=name&page=5");
  });

  test("encodes special characters", () => {
    const filters = parseFilters({ q: "a&b=<c>" });

    const url = buildCatalogUrl("/search", filters, "USD");

    assert.equal(url, "/search?q=a%26b%3D%3Cc%3E");
  });
});
