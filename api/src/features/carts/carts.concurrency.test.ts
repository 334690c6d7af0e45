// Parallel writes to one cart over real sockets. On PostgreSQL they run on
// separate connections and meet at the cart row lock; on PGlite its single
// connection runs them one at a time.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildProduct } from "../../test/factories.js";
import { fetchJson, listenOnLoopback } from "../../test/listening.js";
import { buildShopper } from "../../test/shoppers.js";
import type { CartResponse } from "./carts.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let baseUrl: string;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database);
  baseUrl = await listenOnLoopback(app);
});

after(async () => {
  await app.close();
  await database.close();
});

describe("parallel cart writes", () => {
  test("loses no unit of one variant", async () => {
    const product = await buildProduct(database.db, {
      variants: [{ stockOnHand: 100 }],
    });
    const variantId = product.variants[0]?.id;
    const created = await fetchJson<{ id: string; token: string }>(
      `${baseUrl}/api/v1/carts`,
      { method: "POST" },
    );
    const { id, token } = created.body;

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetchJson(`${baseUrl}/api/v1/carts/${id}/items`, {
          method: "POST",
          headers: { "x-cart-token": token },
          body: { variant_id: variantId, quantity: 1 },
        }),
      ),
    );

    assert.deepEqual(
      responses.map((response) => response.status),
      Array(20).fill(200),
    );
    const cart = await fetchJson<CartResponse>(
      `${baseUrl}/api/v1/carts/${id}`,
      {
        method: "GET",
        headers: { "x-cart-token": token },
      },
    );
    assert.equal(cart.body.items.length, 1);
    assert.equal(cart.body.items[0]?.quantity, 20);
  });

  test("loses no line of many variants", async () => {
    const shopper = await buildShopper(app);
    const products = await Promise.all(
      Array.from({ length: 12 }, () => buildProduct(database.db)),
    );
    const variantIds = products.map((product) => product.variants[0]?.id);

    const responses = await Promise.all(
      variantIds.map((variantId) =>
        fetchJson(`${baseUrl}/api/v1/me/cart/items`, {
          method: "POST",
          headers: shopper.headers,
          body: { variant_id: variantId, quantity: 2 },
        }),
      ),
    );

    assert.ok(responses.every((response) => response.status === 200));
    const cart = await fetchJson<CartResponse>(`${baseUrl}/api/v1/me/cart`, {
      method: "GET",
      headers: shopper.headers,
    });
    assert.deepEqual(
      cart.body.items.map((item) => item.variant_id).sort(),
      [...variantIds].sort(),
    );
    assert.ok(cart.body.items.every((item) => item.quantity === 2));
  });
});
