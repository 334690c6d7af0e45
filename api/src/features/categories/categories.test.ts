import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { DatabaseHandle } from "../../db/client.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildCategory, buildProduct } from "../../test/factories.js";
import type { CategoryDetail, CategoryNode } from "./categories.schemas.js";
import { buildCategoryTree } from "./categories.service.js";

interface Problem {
  code: string;
  detail: string;
}

let database: DatabaseHandle;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.close();
});

/** Builds a root with a child and a grandchild, each holding listed products. */
async function buildThreeLevels() {
  const { db } = database;
  const root = await buildCategory(db, { name: "Clothing" });
  const child = await buildCategory(db, { name: "Tops", parent: root });
  const grandchild = await buildCategory(db, {
    name: "Hoodies",
    parent: child,
  });
  await buildProduct(db, { category: root });
  await buildProduct(db, { category: child });
  await buildProduct(db, { category: child });
  await buildProduct(db, { category: grandchild });
  await buildProduct(db, { category: grandchild, isActive: false });
  await buildProduct(db, {
    category: grandchild,
    variants: [{ isActive: false }],
  });
  return { root, child, grandchild };
}

describe("buildCategoryTree", () => {
  test("sums counts of descendants", () => {
    const rows = [
      { id: "a", parentId: null, slug: "a", name: "A", path: "a" },
      { id: "b", parentId: "a", slug: "b", name: "B", path: "a/b" },
      { id: "c", parentId: "b", slug: "c", name: "C", path: "a/b/c" },
    ].map((row, index) => ({ ...row, directProductCount: index + 1 }));

    const [root] = buildCategoryTree(rows);

    assert.equal(root?.productCount, 6);
    assert.equal(root?.children[0]?.productCount, 5);
    assert.equal(root?.children[0]?.children[0]?.productCount, 3);
  });

  test("makes orphans into roots", () => {
    const rows = [
      {
        id: "b",
        parentId: "missing",
        slug: "b",
        name: "B",
        path: "a/b",
        directProductCount: 2,
      },
    ];

    const roots = buildCategoryTree(rows);

    assert.deepEqual(
      roots.map((root) => root.slug),
      ["b"],
    );
  });
});

describe("GET /api/v1/categories", () => {
  test("returns tree with product counts", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { root, child, grandchild } = await buildThreeLevels();

    const response = await app.inject({ url: "/api/v1/categories" });

    assert.equal(response.statusCode, 200);
    const results = response.json<{ results: CategoryNode[] }>().results;
    const node = results.find((result) => result.slug === root.slug);
    assert.ok(node, "the root category is listed");
    assert.equal(node.product_count, 4);
    assert.equal(node.path, root.path);
    assert.equal(node.children.length, 1);
    assert.equal(node.children[0]?.slug, child.slug);
    assert.equal(node.children[0]?.product_count, 3);
    assert.equal(node.children[0]?.children[0]?.slug, grandchild.slug);
    assert.equal(node.children[0]?.children[0]?.product_count, 1);
    assert.deepEqual(node.children[0]?.children[0]?.children, []);
  });

  test("orders children by position, then name", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { db } = database;
    const root = await buildCategory(db);
    const last = await buildCategory(db, {
      name: "Alpha",
      parent: root,
      position: 2,
    });
    const second = await buildCategory(db, {
      name: "Charlie",
      parent: root,
      position: 1,
    });
    const first = await buildCategory(db, {
      name: "Bravo",
      parent: root,
      position: 1,
    });

    const response = await app.inject({ url: "/api/v1/categories" });

    const node = response
      .json<{ results: CategoryNode[] }>()
      .results.find((result) => result.slug === root.slug);
    assert.deepEqual(
      node?.children.map((childNode) => childNode.slug),
      [first.slug, second.slug, last.slug],
    );
  });

  test("lists roots without parents only", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { child } = await buildThreeLevels();

    const response = await app.inject({ url: "/api/v1/categories" });

    const slugs = response
      .json<{ results: CategoryNode[] }>()
      .results.map((result) => result.slug);
    assert.equal(slugs.includes(child.slug), false);
  });
});

describe("GET /api/v1/categories/:slug", () => {
  test("returns ancestors, children and count", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { root, child, grandchild } = await buildThreeLevels();

    const response = await app.inject({
      url: `/api/v1/categories/${child.slug}`,
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      id: child.id,
      slug: child.slug,
      name: "Tops",
      description: "",
      path: child.path,
      product_count: 3,
      ancestors: [{ slug: root.slug, name: "Clothing" }],
      children: [{ slug: grandchild.slug, name: "Hoodies", product_count: 1 }],
    });
  });

  test("returns no ancestors for root", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const { root, grandchild } = await buildThreeLevels();

    const rootResponse = await app.inject({
      url: `/api/v1/categories/${root.slug}`,
    });
    const leafResponse = await app.inject({
      url: `/api/v1/categories/${grandchild.slug}`,
    });

    const rootDetail = rootResponse.json<CategoryDetail>();
    const leafDetail = leafResponse.json<CategoryDetail>();
    assert.deepEqual(rootDetail.ancestors, []);
    assert.equal(rootDetail.product_count, 4);
    assert.deepEqual(leafDetail.children, []);
    assert.equal(leafDetail.ancestors.length, 2);
  });

  test("returns description of category", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db, {
      description: "Warm layers.",
    });

    const response = await app.inject({
      url: `/api/v1/categories/${category.slug}`,
    });

    assert.equal(response.json<CategoryDetail>().description, "Warm layers.");
  });

  test("returns 404 for unknown slug", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());

    const response = await app.inject({
      url: "/api/v1/categories/no-such-category",
    });

    assert.equal(response.statusCode, 404);
    assert.match(
      String(response.headers["content-type"]),
      /^application\/problem\+json/,
    );
    assert.equal(response.json<Problem>().code, "NOT_FOUND");
    assert.equal(
      response.json<Problem>().detail,
      'No category matches "no-such-category".',
    );
  });

  test("answers matching If-None-Match with 304", async (t) => {
    const app = await buildTestApp(database);
    t.after(() => app.close());
    const category = await buildCategory(database.db);
    const first = await app.inject({
      url: `/api/v1/categories/${category.slug}`,
    });

    const second = await app.inject({
      url: `/api/v1/categories/${category.slug}`,
      headers: { "if-none-match": String(first.headers.etag) },
    });

    assert.match(String(first.headers.etag), /^"[\w-]+"$/);
    assert.equal(second.statusCode, 304);
    assert.equal(second.body, "");
    assert.equal(second.headers.etag, first.headers.etag);
  });
});
