// The catalog over a real TCP socket: the API listens on 127.0.0.1 and the
// test calls it with fetch, as the web does.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildCategory, buildProduct } from "../../test/factories.js";
import type { ProductDetail, ProductList } from "./products.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let baseUrl: string;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { catalogCacheTtlMs: 60_000 });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;
});

after(async () => {
  await app.close();
  await database.close();
});

describe("catalog over HTTP", () => {
  test("lists products of a category", async () => {
    const category = await buildCategory(database.db);
    const product = await buildProduct(database.db, { category });

    const response = await fetch(
      `${baseUrl}/api/v1/products?category=${category.slug}`,
    );

    assert.equal(response.status, 200);
    assert.match(
      response.headers.get("content-type") ?? "",
      /^application\/json/,
    );
    const list = (await response.json()) as ProductList;
    assert.equal(list.count, 1);
    assert.equal(list.results[0]?.slug, product.slug);
  });

  test("returns product detail", async () => {
    const product = await buildProduct(database.db, {
      variants: [{ options: { size: "M" } }],
    });

    const response = await fetch(`${baseUrl}/api/v1/products/${product.slug}`);

    assert.equal(response.status, 200);
    const detail = (await response.json()) as ProductDetail;
    assert.equal(detail.id, product.id);
    assert.deepEqual(detail.options, [{ name: "size", values: ["M"] }]);
  });

  test("returns 404 problem for unknown slug", async () => {
    const response = await fetch(`${baseUrl}/api/v1/products/no-such`);

    assert.equal(response.status, 404);
    assert.match(
      response.headers.get("content-type") ?? "",
      /^application\/problem\+json/,
    );
    const problem = (await response.json()) as { code: string };
    assert.equal(problem.code, "NOT_FOUND");
  });

  test("returns 400 problem naming parameter", async () => {
    const response = await fetch(`${baseUrl}/api/v1/products?page_size=101`);

    assert.equal(response.status, 400);
    const problem = (await response.json()) as {
      errors: { field: string; message: string }[];
    };
    assert.equal(problem.errors[0]?.field, "page_size");
    assert.equal(problem.errors[0]?.message, "page_size must be at most 100.");
  });

  test("revalidates with ETag and 304", async () => {
    const product = await buildProduct(database.db);
    const url = `${baseUrl}/api/v1/products/${product.slug}`;
    const first = await fetch(url);
    const etag = first.headers.get("etag");
    await first.arrayBuffer();

    const second = await fetch(url, { headers: { "if-none-match": etag! } });

    assert.match(etag ?? "", /^"[\w-]+"$/);
    assert.equal(second.status, 304);
    assert.equal(second.headers.get("etag"), etag);
    assert.equal(await second.text(), "");
  });
});
