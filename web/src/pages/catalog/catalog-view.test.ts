import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { ProductList } from "../../api/catalog.js";
import { parseCatalogQuery, type CatalogFilters } from "./catalog-query.js";
import {
  buildPagination,
  buildPriceRangeLinks,
  buildSortChoices,
  describePriceRange,
  describeResultCount,
} from "./catalog-view.js";

function filtersOf(query: Record<string, unknown>): CatalogFilters {
  const result = parseCatalogQuery(query, { currency: "USD" });
  assert.ok(result.ok);
  return result.filters;
}

function pageNumbers(page: number, totalPages: number): string {
  const model = buildPagination(
    page,
    totalPages,
    (number) => `?page=${number}`,
  );
  return model.items
    .map((item) => (item.kind === "gap" ? "…" : String(item.number)))
    .join(" ");
}

describe("buildPagination", () => {
  test("lists a few pages in full", () => {
    assert.equal(pageNumbers(1, 3), "1 2 3");
  });

  test("shows gaps around the current page", () => {
    assert.equal(pageNumbers(10, 20), "1 … 8 9 10 11 12 … 20");
  });

  test("skips a gap of no pages", () => {
    assert.equal(pageNumbers(4, 7), "1 2 3 4 5 6 7");
  });

  test("links previous and next pages", () => {
    const model = buildPagination(2, 3, (number) => `?page=${number}`);

    assert.equal(model.previousUrl, "?page=1");
    assert.equal(model.nextUrl, "?page=3");
  });

  test("omits previous on the first page", () => {
    const model = buildPagination(1, 1, (number) => `?page=${number}`);

    assert.equal(model.previousUrl, undefined);
    assert.equal(model.nextUrl, undefined);
    assert.equal(model.items.length, 1);
  });

  test("marks the current page", () => {
    const model = buildPagination(2, 3, (number) => `?page=${number}`);

    const current = model.items.filter(
      (item) => item.kind === "page" && item.isCurrent,
    );
    assert.deepEqual(current, [
      { kind: "page", number: 2, url: "?page=2", isCurrent: true },
    ]);
  });
});

describe("describePriceRange", () => {
  test("names the three kinds of band", () => {
    assert.equal(
      describePriceRange({ min: 0, max: 2500, count: 1 }, "USD"),
      "Under $25",
    );
    assert.equal(
      describePriceRange({ min: 2500, max: 5000, count: 1 }, "USD"),
      "$25 to $50",
    );
    assert.equal(
      describePriceRange({ min: 25000, max: null, count: 1 }, "USD"),
      "$250 and over",
    );
  });
});

describe("buildPriceRangeLinks", () => {
  test("uses an inclusive maximum", () => {
    const [link] = buildPriceRangeLinks(
      [{ min: 2500, max: 5000, count: 3 }],
      "/c/mugs",
      filtersOf({ sort: "name", page: "2" }),
      "USD",
    );

    assert.equal(link?.url, "/c/mugs?min_price=25&max_price=49.99&sort=name");
    assert.equal(link?.isCurrent, false);
  });

  test("marks the band in use", () => {
    const [link] = buildPriceRangeLinks(
      [{ min: 0, max: 2500, count: 3 }],
      "/c/mugs",
      filtersOf({ max_price: "24.99" }),
      "USD",
    );

    assert.equal(link?.url, "/c/mugs?max_price=24.99");
    assert.equal(link?.isCurrent, true);
  });
});

describe("buildSortChoices", () => {
  test("offers best match only on search", () => {
    const search = buildSortChoices("relevance", { isSearch: true });
    const category = buildSortChoices("newest", { isSearch: false });

    assert.equal(search[0]?.value, "relevance");
    assert.equal(search[0]?.isSelected, true);
    assert.ok(!category.some((choice) => choice.value === "relevance"));
  });
});

describe("describeResultCount", () => {
  function listOf(
    count: number,
    page: number,
    resultCount: number,
  ): ProductList {
    return {
      count,
      page,
      page_size: 24,
      total_pages: Math.max(1, Math.ceil(count / 24)),
      next: null,
      previous: null,
      results: Array.from({ length: resultCount }),
      facets: { categories: [], price_ranges: [] },
    };
  }

  test("counts a single page", () => {
    assert.equal(describeResultCount(listOf(1, 1, 1)), "1 product");
    assert.equal(describeResultCount(listOf(0, 1, 0)), "0 products");
  });

  test("shows the range on later pages", () => {
    assert.equal(
      describeResultCount(listOf(30, 2, 6)),
      "Showing 25–30 of 30 products",
    );
  });
});
