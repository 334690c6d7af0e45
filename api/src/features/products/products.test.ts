import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { DatabaseHandle } from "../../db/client.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import {
  buildCategory,
  buildProduct,
  uniqueWord,
} from "../../test/factories.js";
import {
  computeEtag,
  createCatalogCache,
  matchesIfNoneMatch,
} from "./catalog-cache.js";
import { buildPageLink, collectOptions } from "./products.present.js";
import { escapeLikePattern } from "./products.queries.js";
import type {
  ProductDetail,
  ProductList,
  ProductListQuery,
} from "./products.schemas.js";

let database: DatabaseHandle;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.close();
});

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

async function getList(app: TestApp, query: string): Promise<ProductList> {
  const response = await app.inject({ url: `/api/v1/products?${query}` });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<ProductList>();
}

function slugsOf(list: ProductList): string[] {
  return list.results.map((product) => product.slug);
}

describe("product helpers", () => {
  test("escapes LIKE wildcards", () => {
    assert.equal(escapeLikePattern("a_b%c\\d"), "a\\_b\\%c\\\\d");
  });

  test("collects options in first-seen order", () => {
    const options = collectOptions([
      { options: { size: "S", color: "Blue" } },
      { options: { size: "M", color: "Blue" } },
      { options: { size: "S", color: "Red" } },
    ]);

    assert.deepEqual(options, [
      { name: "size", values: ["S", "M"] },
      { name: "color", values: ["Blue", "Red"] },
    ]);
  });

  test("page link keeps filters and order", () => {
    const query: ProductListQuery = {
      sort: "price",
      q: "red shirt",
      in_stock: true,
      page: 2,
      page_size: 5,
    };

    const link = buildPageLink("/api/v1/products", query, 3);

    assert.equal(
      link,
      "/api/v1/products?q=red+shirt&in_stock=true&sort=price&page_size=5&page=3",
    );
  });

  test("page link omits first page", () => {
    const link = buildPageLink(
      "/api/v1/products",
      { page: 2, page_size: 20 },
      1,
    );

    assert.equal(link, "/api/v1/products");
  });

  test("matches weak and listed ETags", () => {
    const etag = computeEtag("{}");

    assert.equal(matchesIfNoneMatch(etag, etag), true);
    assert.equal(matchesIfNoneMatch(`"other", W/${etag}`, etag), true);
    assert.equal(matchesIfNoneMatch("*", etag), true);
    assert.equal(matchesIfNoneMatch('"other"', etag), false);
    assert.equal(matchesIfNoneMatch(undefined, etag), false);
  });
});

describe("createCatalogCache", () => {
  test("expires entries after TTL", () => {
    let nowMs = 1000;
    const cache = createCatalogCache(500, () => nowMs);
    cache.store("/a", { body: "{}", etag: '"a"' });

    nowMs = 1499;
    const fresh = cache.find("/a");
    nowMs = 1500;
    const expired = cache.find("/a");

    assert.equal(fresh?.body, "{}");
    assert.equal(expired, undefined);
  });

  test("stores nothing with zero TTL", () => {
    const cache = createCatalogCache(0);

    cache.store("/a", { body: "{}", etag: '"a"' });

    assert.equal(cache.isEnabled, false);
    assert.equal(cache.find("/a"), undefined);
  });

  test("clear drops every entry", () => {
    const cache = createCatalogCache(60_000);
    cache.store("/a", { body: "{}", etag: '"a"' });
    cache.store("/b", { body: "[]", etag: '"b"' });

    cache.clear();

    assert.equal(cache.find("/a"), undefined);
    assert.equal(cache.find("/b"), undefined);
  });
});

describe("GET /api/v1/products pagination", () => {
  test("returns counts and page links", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    for (let index = 0; index < 5; index += 1) {
      await buildProduct(database.db, { category });
    }

    const list = await getList(
      app,
      `category=${category.slug}&page_size=2&page=2`,
    );

    assert.equal(list.count, 5);
    assert.equal(list.page, 2);
    assert.equal(list.page_size, 2);
    assert.equal(list.total_pages, 3);
    assert.equal(list.results.length, 2);
    assert.equal(
      list.next,
      `/api/v1/products?category=${category.slug}&page_size=2&page=3`,
    );
    assert.equal(
      list.previous,
      `/api/v1/products?category=${category.slug}&page_size=2`,
    );
  });

  test("returns no next on last page", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    for (let index = 0; index < 3; index += 1) {
      await buildProduct(database.db, { category });
    }

    const list = await getList(
      app,
      `category=${category.slug}&page_size=2&page=2`,
    );

    assert.equal(list.results.length, 1);
    assert.equal(list.next, null);
  });

  test("pages cover every product once", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const createdAt = new Date("2024-01-01T00:00:00Z");
    const built = [];
    for (let index = 0; index < 5; index += 1) {
      built.push(await buildProduct(database.db, { category, createdAt }));
    }

    const seen = [];
    for (let page = 1; page <= 3; page += 1) {
      const list = await getList(
        app,
        `category=${category.slug}&page_size=2&page=${page}`,
      );
      seen.push(...slugsOf(list));
    }

    assert.deepEqual(
      [...seen].sort(),
      built.map((product) => product.slug).sort(),
    );
  });

  test("returns empty first page", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);

    const list = await getList(app, `category=${category.slug}`);

    assert.equal(list.count, 0);
    assert.equal(list.total_pages, 1);
    assert.deepEqual(list.results, []);
    assert.equal(list.next, null);
    assert.equal(list.previous, null);
  });

  test("returns 404 past last page", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    await buildProduct(database.db, { category });

    const response = await app.inject({
      url: `/api/v1/products?category=${category.slug}&page=2`,
    });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<Problem>().code, "PAGE_NOT_FOUND");
    assert.equal(
      response.json<Problem>().detail,
      "Page 2 does not exist: the results fill 1 page.",
    );
  });
});

describe("GET /api/v1/products filters", () => {
  test("category includes its subcategories", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const root = await buildCategory(database.db);
    const child = await buildCategory(database.db, { parent: root });
    const other = await buildCategory(database.db);
    const inRoot = await buildProduct(database.db, { category: root });
    const inChild = await buildProduct(database.db, { category: child });
    await buildProduct(database.db, { category: other });

    const list = await getList(app, `category=${root.slug}`);

    assert.deepEqual(slugsOf(list).sort(), [inRoot.slug, inChild.slug].sort());
  });

  test("category treats underscore literally", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const word = uniqueWord();
    const underscored = await buildCategory(database.db, {
      slug: `a_${word}`,
    });
    const lookalike = await buildCategory(database.db, { slug: `ax${word}` });
    const lookalikeChild = await buildCategory(database.db, {
      parent: lookalike,
    });
    await buildProduct(database.db, { category: lookalikeChild });
    const own = await buildProduct(database.db, { category: underscored });

    const list = await getList(app, `category=${underscored.slug}`);

    assert.deepEqual(slugsOf(list), [own.slug]);
  });

  test("returns 404 for unknown category", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());

    const response = await app.inject({
      url: "/api/v1/products?category=no-such-category",
    });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<Problem>().code, "NOT_FOUND");
  });

  test("filters by price range", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    await buildProduct(database.db, { category, variants: [{ price: 999 }] });
    const low = await buildProduct(database.db, {
      category,
      variants: [{ price: 1000 }],
    });
    const high = await buildProduct(database.db, {
      category,
      variants: [{ price: 2000 }],
    });
    await buildProduct(database.db, { category, variants: [{ price: 2001 }] });

    const list = await getList(
      app,
      `category=${category.slug}&min_price=1000&max_price=2000&sort=price`,
    );

    assert.deepEqual(slugsOf(list), [low.slug, high.slug]);
  });

  test("filters by stock on hand", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const stocked = await buildProduct(database.db, {
      category,
      variants: [{ stockOnHand: 0 }, { stockOnHand: 3 }],
    });
    const soldOut = await buildProduct(database.db, {
      category,
      variants: [{ stockOnHand: 0 }, { stockOnHand: 5, isActive: false }],
    });

    const inStock = await getList(
      app,
      `category=${category.slug}&in_stock=true`,
    );
    const outOfStock = await getList(
      app,
      `category=${category.slug}&in_stock=false`,
    );

    assert.deepEqual(slugsOf(inStock), [stocked.slug]);
    assert.equal(inStock.results[0]?.in_stock, true);
    assert.deepEqual(slugsOf(outOfStock), [soldOut.slug]);
    assert.equal(outOfStock.results[0]?.in_stock, false);
  });

  test("hides inactive products and variants", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const listed = await buildProduct(database.db, { category });
    await buildProduct(database.db, { category, isActive: false });
    await buildProduct(database.db, {
      category,
      variants: [{ isActive: false }],
    });

    const list = await getList(app, `category=${category.slug}`);

    assert.deepEqual(slugsOf(list), [listed.slug]);
    assert.equal(list.count, 1);
  });
});

describe("GET /api/v1/products sorting", () => {
  async function buildSortable() {
    const category = await buildCategory(database.db);
    const cheap = await buildProduct(database.db, {
      category,
      name: "Cherry",
      createdAt: new Date("2024-01-02T00:00:00Z"),
      variants: [{ price: 500 }],
    });
    const middle = await buildProduct(database.db, {
      category,
      name: "Apple",
      createdAt: new Date("2024-01-03T00:00:00Z"),
      variants: [{ price: 1500 }],
    });
    const dear = await buildProduct(database.db, {
      category,
      name: "Banana",
      createdAt: new Date("2024-01-01T00:00:00Z"),
      variants: [{ price: 9000 }],
    });
    return { category, cheap, middle, dear };
  }

  const cases = [
    { sort: "", expected: ["middle", "cheap", "dear"] },
    { sort: "newest", expected: ["middle", "cheap", "dear"] },
    { sort: "relevance", expected: ["middle", "cheap", "dear"] },
    { sort: "price", expected: ["cheap", "middle", "dear"] },
    { sort: "-price", expected: ["dear", "middle", "cheap"] },
    { sort: "name", expected: ["middle", "dear", "cheap"] },
  ] as const;

  for (const { sort, expected } of cases) {
    test(`sorts by ${sort || "default"}`, async (t) => {
      const app = await buildTestApp(database);
      t.after(() => app.close());
      const built = await buildSortable();

      const list = await getList(
        app,
        `category=${built.category.slug}&sort=${sort}`.replace(/&sort=$/, ""),
      );

      assert.deepEqual(
        slugsOf(list),
        expected.map((key) => built[key].slug),
      );
    });
  }

  test("breaks ties by id", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const createdAt = new Date("2024-02-01T00:00:00Z");
    const built = [];
    for (let index = 0; index < 4; index += 1) {
      built.push(
        await buildProduct(database.db, {
          category,
          name: "Same",
          createdAt,
          variants: [{ price: 100 }],
        }),
      );
    }
    const byId = [...built].sort((a, b) => (a.id < b.id ? -1 : 1));

    const byPrice = await getList(app, `category=${category.slug}&sort=price`);
    const byNewest = await getList(app, `category=${category.slug}`);

    assert.deepEqual(
      slugsOf(byPrice),
      byId.map((product) => product.slug),
    );
    assert.deepEqual(
      slugsOf(byNewest),
      byId.map((product) => product.slug).reverse(),
    );
  });
});

describe("GET /api/v1/products search", () => {
  test("finds words in full text", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const word = uniqueWord();
    const tagged = await buildProduct(database.db, {
      category,
      tags: [word],
    });
    const described = await buildProduct(database.db, {
      category,
      description: `<p>Made with ${word} cotton.</p>`,
    });
    await buildProduct(database.db, { category });

    const list = await getList(app, `q=${word}`);

    assert.deepEqual(
      slugsOf(list).sort(),
      [tagged.slug, described.slug].sort(),
    );
  });

  test("finds names despite a typo", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const hoodie = await buildProduct(database.db, {
      category,
      name: "Classic Hoodie",
    });
    await buildProduct(database.db, { category, name: "Linen Trousers" });

    const list = await getList(app, `q=hoddie&category=${category.slug}`);

    assert.deepEqual(slugsOf(list), [hoodie.slug]);
  });

  test("ranks name matches first", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const word = uniqueWord();
    const inDescription = await buildProduct(database.db, {
      description: `<p>Goes well with a ${word}.</p>`,
      createdAt: new Date("2024-03-02T00:00:00Z"),
    });
    const inName = await buildProduct(database.db, {
      name: `The ${word}`,
      createdAt: new Date("2024-03-01T00:00:00Z"),
    });

    const list = await getList(app, `q=${word}`);

    assert.deepEqual(slugsOf(list), [inName.slug, inDescription.slug]);
  });

  test("trims search text", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const word = uniqueWord();
    const product = await buildProduct(database.db, { name: `Mug ${word}` });

    const list = await getList(app, `q=${encodeURIComponent(`  ${word} `)}`);

    assert.deepEqual(slugsOf(list), [product.slug]);
    assert.equal(list.next, null);
  });
});

describe("GET /api/v1/products facets", () => {
  async function buildFaceted() {
    const word = uniqueWord();
    const root = await buildCategory(database.db);
    const first = await buildCategory(database.db, {
      parent: root,
      name: "Alpha",
    });
    const second = await buildCategory(database.db, {
      parent: root,
      name: "Beta",
    });
    const grandchild = await buildCategory(database.db, { parent: first });
    await buildProduct(database.db, {
      category: first,
      tags: [word],
      variants: [{ price: 1000 }],
    });
    await buildProduct(database.db, {
      category: grandchild,
      tags: [word],
      variants: [{ price: 3000 }],
    });
    await buildProduct(database.db, {
      category: second,
      tags: [word],
      variants: [{ price: 30000 }],
    });
    await buildProduct(database.db, {
      category: root,
      tags: [word],
      variants: [{ price: 7000, stockOnHand: 0 }],
    });
    return { word, root, first, second };
  }

  test("counts top-level categories", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { word, root } = await buildFaceted();

    const list = await getList(app, `q=${word}`);

    assert.deepEqual(list.facets.categories, [
      { slug: root.slug, name: root.name, count: 4 },
    ]);
  });

  test("counts children of filtered category", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { word, root, first, second } = await buildFaceted();

    const list = await getList(app, `q=${word}&category=${root.slug}`);

    assert.deepEqual(list.facets.categories, [
      { slug: first.slug, name: "Alpha", count: 2 },
      { slug: second.slug, name: "Beta", count: 1 },
    ]);
  });

  test("counts every price band", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { word } = await buildFaceted();

    const list = await getList(app, `q=${word}`);

    assert.deepEqual(list.facets.price_ranges, [
      { min: 0, max: 2500, count: 1 },
      { min: 2500, max: 5000, count: 1 },
      { min: 5000, max: 10000, count: 1 },
      { min: 10000, max: 25000, count: 0 },
      { min: 25000, max: null, count: 1 },
    ]);
  });

  test("facets ignore their own filter", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { word, root, first } = await buildFaceted();

    const list = await getList(
      app,
      `q=${word}&category=${first.slug}&min_price=2500`,
    );

    assert.equal(list.count, 1);
    assert.deepEqual(
      list.facets.price_ranges.map((range) => range.count),
      [1, 1, 0, 0, 0],
    );
    assert.deepEqual(list.facets.categories.length, 1);
    assert.notEqual(list.facets.categories[0]?.slug, root.slug);
  });

  test("facets apply the other filters", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { word, root } = await buildFaceted();

    const list = await getList(app, `q=${word}&in_stock=true`);

    assert.deepEqual(list.facets.categories, [
      { slug: root.slug, name: root.name, count: 3 },
    ]);
    assert.deepEqual(
      list.facets.price_ranges.map((range) => range.count),
      [1, 1, 0, 0, 1],
    );
  });
});

describe("GET /api/v1/products summary", () => {
  test("presents every field", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db, { name: "Mugs" });
    const createdAt = new Date("2024-05-06T07:08:09.000Z");
    const product = await buildProduct(database.db, {
      category,
      name: "Tall Mug",
      brand: "Potter",
      createdAt,
      imageUrls: ["/media/first.jpg", "/media/second.jpg"],
      variants: [
        { price: 1200, stockOnHand: 0 },
        { price: 900, stockOnHand: 2 },
        { price: 100, isActive: false },
      ],
    });

    const list = await getList(app, `category=${category.slug}`);

    assert.deepEqual(list.results, [
      {
        id: product.id,
        slug: product.slug,
        name: "Tall Mug",
        brand: "Potter",
        category: { slug: category.slug, name: "Mugs" },
        price_min: 900,
        price_max: 1200,
        currency: "USD",
        in_stock: true,
        image: { url: "/media/first.jpg", alt: "Tall Mug" },
        created_at: "2024-05-06T07:08:09.000Z",
      },
    ]);
  });

  test("presents missing brand and image", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    await buildProduct(database.db, { category });

    const list = await getList(app, `category=${category.slug}`);

    assert.equal(list.results[0]?.brand, null);
    assert.equal(list.results[0]?.image, null);
  });
});

describe("GET /api/v1/products validation", () => {
  const cases = [
    { query: "page=0", field: "page", message: "page must be at least 1." },
    {
      query: "page=abc",
      field: "page",
      message: "page must be a whole number.",
    },
    {
      query: "page_size=-1",
      field: "page_size",
      message: "page_size must be at least 1.",
    },
    {
      query: "page_size=101",
      field: "page_size",
      message: "page_size must be at most 100.",
    },
    {
      query: "sort=cheap",
      field: "sort",
      message: "sort must be one of: relevance, newest, price, -price, name.",
    },
    {
      query: "min_price=-5",
      field: "min_price",
      message: "min_price must be at least 0.",
    },
    {
      query: "max_price=1.5",
      field: "max_price",
      message: "max_price must be a whole number.",
    },
    {
      query: "min_price=10&max_price=5",
      field: "min_price",
      message: "min_price (10) must not be greater than max_price (5).",
    },
    {
      query: "in_stock=maybe",
      field: "in_stock",
      message: "in_stock must be true or false.",
    },
    { query: "q=", field: "q", message: "q must not be empty." },
    {
      query: "q=%20%20",
      field: "q",
      message: "q must contain a character other than a space.",
    },
    {
      query: `q=${"a".repeat(201)}`,
      field: "q",
      message: "q must be at most 200 characters long.",
    },
  ];

  for (const { query, field, message } of cases) {
    test(`rejects ${query.slice(0, 30)}`, async (t) => {
      const app = await buildTestApp(database);
      t.after(() => app.close());

      const response = await app.inject({ url: `/api/v1/products?${query}` });

      assert.equal(response.statusCode, 400);
      assert.match(
        String(response.headers["content-type"]),
        /^application\/problem\+json/,
      );
      const problem = response.json<Problem>();
      assert.equal(problem.code, "VALIDATION_FAILED");
      assert.equal(problem.errors?.[0]?.field, field);
      assert.equal(problem.errors?.[0]?.message, message);
    });
  }

  test("names both prices when reversed", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());

    const response = await app.inject({
      url: "/api/v1/products?min_price=10&max_price=5",
    });

    assert.deepEqual(
      response.json<Problem>().errors?.map((error) => error.field),
      ["min_price", "max_price"],
    );
  });

  test("lists every invalid parameter", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());

    const response = await app.inject({
      url: "/api/v1/products?page=0&sort=cheap",
    });

    assert.deepEqual(
      response
        .json<Problem>()
        .errors?.map((error) => error.field)
        .sort(),
      ["page", "sort"],
    );
  });
});

describe("GET /api/v1/products/:slug", () => {
  test("returns product with variants", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const root = await buildCategory(database.db, { name: "Clothing" });
    const category = await buildCategory(database.db, {
      name: "Shirts",
      parent: root,
    });
    const product = await buildProduct(database.db, {
      category,
      name: "Oxford Shirt",
      brand: "Weaver",
      tags: ["cotton", "formal"],
      description: "<p>Crisp <strong>cotton</strong>.</p>",
      imageUrls: ["/media/a.jpg", "https://example.com/b.jpg"],
      variants: [
        { price: 4000, stockOnHand: 0, options: { size: "S", color: "Blue" } },
        { price: 4200, stockOnHand: 4, options: { size: "M", color: "Blue" } },
        { price: 4000, stockOnHand: 1, options: { size: "S", color: "Red" } },
        {
          price: 100,
          options: { size: "XL", color: "Green" },
          isActive: false,
        },
      ],
    });

    const response = await app.inject({
      url: `/api/v1/products/${product.slug}`,
    });

    assert.equal(response.statusCode, 200);
    const detail = response.json<ProductDetail>();
    assert.equal(detail.id, product.id);
    assert.equal(detail.name, "Oxford Shirt");
    assert.equal(detail.brand, "Weaver");
    assert.deepEqual(detail.tags, ["cotton", "formal"]);
    assert.equal(detail.description, "<p>Crisp <strong>cotton</strong>.</p>");
    assert.deepEqual(detail.category, { slug: category.slug, name: "Shirts" });
    assert.deepEqual(detail.category_path, [
      { slug: root.slug, name: "Clothing" },
      { slug: category.slug, name: "Shirts" },
    ]);
    assert.equal(detail.price_min, 4000);
    assert.equal(detail.price_max, 4200);
    assert.equal(detail.currency, "USD");
    assert.equal(detail.in_stock, true);
    assert.deepEqual(detail.images, [
      { url: "/media/a.jpg", alt: "Oxford Shirt" },
      { url: "https://example.com/b.jpg", alt: "Oxford Shirt" },
    ]);
    assert.deepEqual(detail.options, [
      { name: "size", values: ["S", "M"] },
      { name: "color", values: ["Blue", "Red"] },
    ]);
    assert.deepEqual(
      detail.variants.map((variant) => variant.sku),
      product.variants.slice(0, 3).map((variant) => variant.sku),
    );
    assert.deepEqual(detail.variants[0], {
      id: product.variants[0]?.id,
      sku: product.variants[0]?.sku,
      options: { size: "S", color: "Blue" },
      price: 4000,
      currency: "USD",
      stock_on_hand: 0,
      in_stock: false,
    });
    assert.match(detail.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.match(detail.updated_at, /^\d{4}-\d\d-\d\dT/);
  });

  test("sanitises description HTML", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const product = await buildProduct(database.db, {
      description:
        '<p onclick="steal()">Soft<script>alert(1)</script> <a href="x">wool</a></p>',
    });

    const response = await app.inject({
      url: `/api/v1/products/${product.slug}`,
    });

    assert.equal(
      response.json<ProductDetail>().description,
      "<p>Soft wool</p>",
    );
  });

  test("returns empty path without category", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const product = await buildProduct(database.db);

    const response = await app.inject({
      url: `/api/v1/products/${product.slug}`,
    });

    const detail = response.json<ProductDetail>();
    assert.equal(detail.category, null);
    assert.deepEqual(detail.category_path, []);
    assert.deepEqual(detail.options, []);
  });

  test("returns 404 for unknown slug", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());

    const response = await app.inject({ url: "/api/v1/products/no-such" });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<Problem>().code, "NOT_FOUND");
    assert.equal(
      response.json<Problem>().detail,
      'No product matches "no-such".',
    );
  });

  test("returns 404 for inactive product", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const inactive = await buildProduct(database.db, { isActive: false });
    const withoutVariants = await buildProduct(database.db, {
      variants: [{ isActive: false }],
    });

    const first = await app.inject({
      url: `/api/v1/products/${inactive.slug}`,
    });
    const second = await app.inject({
      url: `/api/v1/products/${withoutVariants.slug}`,
    });

    assert.equal(first.statusCode, 404);
    assert.equal(second.statusCode, 404);
  });
});

describe("catalog ETag", () => {
  test("answers matching If-None-Match with 304", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const product = await buildProduct(database.db);
    const url = `/api/v1/products/${product.slug}`;
    const first = await app.inject({ url });

    const revalidated = await app.inject({
      url,
      headers: { "if-none-match": String(first.headers.etag) },
    });
    const mismatched = await app.inject({
      url,
      headers: { "if-none-match": '"stale"' },
    });

    assert.equal(first.headers.etag, computeEtag(first.body));
    assert.equal(
      first.headers["cache-control"],
      "public, max-age=0, must-revalidate",
    );
    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.body, "");
    assert.equal(revalidated.headers.etag, first.headers.etag);
    assert.equal(mismatched.statusCode, 200);
    assert.equal(mismatched.body, first.body);
  });

  test("changes when the product changes", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    await buildProduct(database.db, { category });
    const url = `/api/v1/products?category=${category.slug}`;
    const first = await app.inject({ url });
    await buildProduct(database.db, { category });

    const second = await app.inject({
      url,
      headers: { "if-none-match": String(first.headers.etag) },
    });

    assert.equal(second.statusCode, 200);
    assert.notEqual(second.headers.etag, first.headers.etag);
  });

  test("omits ETag on problems", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());

    const response = await app.inject({ url: "/api/v1/products/no-such" });

    assert.equal(response.headers.etag, undefined);
  });
});

describe("catalog cache", () => {
  const cachedConfig = { catalogCacheTtlMs: 60_000 };

  test("serves identical body until cleared", async (t) => {
    const app = await buildTestApp(database, cachedConfig);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    await buildProduct(database.db, { category });
    const url = `/api/v1/products?category=${category.slug}`;
    const first = await app.inject({ url });
    const added = await buildProduct(database.db, { category });

    const cached = await app.inject({ url });
    app.catalogCache.clear();
    const fresh = await app.inject({ url });

    assert.equal(cached.body, first.body);
    assert.equal(cached.headers.etag, first.headers.etag);
    assert.equal(fresh.json<ProductList>().count, 2);
    assert.ok(slugsOf(fresh.json<ProductList>()).includes(added.slug));
  });

  test("answers cached If-None-Match with 304", async (t) => {
    const app = await buildTestApp(database, cachedConfig);
    t.after(() => app.close());
    const product = await buildProduct(database.db);
    const url = `/api/v1/products/${product.slug}`;
    const first = await app.inject({ url });

    const revalidated = await app.inject({
      url,
      headers: { "if-none-match": String(first.headers.etag) },
    });

    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.body, "");
  });

  test("bypasses cache with Authorization", async (t) => {
    const app = await buildTestApp(database, cachedConfig);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const url = `/api/v1/products?category=${category.slug}`;
    await app.inject({ url });
    await buildProduct(database.db, { category });

    const response = await app.inject({
      url,
      headers: { authorization: "Bearer token" },
    });

    assert.equal(response.json<ProductList>().count, 1);
    assert.equal(
      response.headers["cache-control"],
      "private, max-age=0, must-revalidate",
    );
  });

  test("never caches errors", async (t) => {
    const app = await buildTestApp(database, cachedConfig);
    t.after(() => app.close());
    const slug = `later-${uniqueWord()}`;
    const url = `/api/v1/categories/${slug}`;
    const missing = await app.inject({ url });
    await buildCategory(database.db, { slug });

    const found = await app.inject({ url });

    assert.equal(missing.statusCode, 404);
    assert.equal(found.statusCode, 200);
  });

  test("stores nothing when TTL is 0", async (t) => {
    const app = await buildTestApp(database, { catalogCacheTtlMs: 0 });
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const url = `/api/v1/products?category=${category.slug}`;
    await app.inject({ url });
    await buildProduct(database.db, { category });

    const response = await app.inject({ url });

    assert.equal(response.json<ProductList>().count, 1);
  });
});
