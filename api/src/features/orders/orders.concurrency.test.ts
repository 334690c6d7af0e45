// Checkouts that race over real sockets. On PostgreSQL each request gets
// its own pooled connection, so these tests exercise the row locks, the
// guarded stock UPDATE and the idempotency key's primary key. On PGlite the
// single connection runs the transactions one after another.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { coupons, orders, variants } from "../../db/schema.js";
import { buildTestApp } from "../../test/app.js";
import { addToMyCart, buildCheckoutBody } from "../../test/checkout.js";
import { createTestDatabase } from "../../test/database.js";
import { buildCoupon, buildProduct } from "../../test/factories.js";
import { fetchJson, listenOnLoopback } from "../../test/listening.js";
import { buildShopper, type Shopper } from "../../test/shoppers.js";

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

function postOrder(
  shopper: Shopper,
  options: { key?: string; body?: Record<string, unknown> } = {},
) {
  return fetchJson<{ number?: string; code?: string }>(
    `${baseUrl}/api/v1/orders`,
    {
      method: "POST",
      headers: {
        ...shopper.headers,
        "idempotency-key": options.key ?? randomUUID(),
      },
      body: options.body ?? buildCheckoutBody(),
    },
  );
}

async function stockOf(variantId: string): Promise<number> {
  const [row] = await database.db
    .select({ stock: variants.stockOnHand })
    .from(variants)
    .where(eq(variants.id, variantId));
  return row?.stock ?? -1;
}

async function buildVariant(stockOnHand: number): Promise<string> {
  const product = await buildProduct(database.db, {
    variants: [{ stockOnHand, price: 1000 }],
  });
  const id = product.variants[0]?.id;
  assert.ok(id);
  return id;
}

async function buildShoppers(
  count: number,
  variantId: string,
): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  for (let index = 0; index < count; index += 1) {
    const shopper = await buildShopper(app);
    await addToMyCart(app, shopper.headers, variantId, 1);
    shoppers.push(shopper);
  }
  return shoppers;
}

describe("concurrent checkout", () => {
  test("sells the last item once", async () => {
    for (let round = 0; round < 20; round += 1) {
      const variantId = await buildVariant(1);
      const shoppers = await buildShoppers(2, variantId);

      const responses = await Promise.all(shoppers.map((s) => postOrder(s)));

      const statuses = responses.map((response) => response.status).sort();
      assert.deepEqual(statuses, [201, 409], `round ${round}`);
      const loser = responses.find((response) => response.status === 409);
      assert.equal(loser?.body.code, "INSUFFICIENT_STOCK");
      assert.equal(await stockOf(variantId), 0);
    }
  });

  test("sells exactly the stock", async () => {
    const variantId = await buildVariant(10);
    const shoppers = await buildShoppers(50, variantId);

    const responses = await Promise.all(shoppers.map((s) => postOrder(s)));

    const created = responses.filter((response) => response.status === 201);
    const rejected = responses.filter((response) => response.status === 409);
    assert.equal(created.length, 10);
    assert.equal(rejected.length, 40);
    assert.equal(await stockOf(variantId), 0);
  });

  test("places one order per idempotency key", async () => {
    const variantId = await buildVariant(10);
    const [shopper] = await buildShoppers(1, variantId);
    assert.ok(shopper);
    const key = randomUUID();

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => postOrder(shopper, { key })),
    );

    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 201]);
    const numbers = new Set(responses.map((response) => response.body.number));
    assert.equal(numbers.size, 1);
    const rows = await database.db
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.userId, shopper.id));
    assert.equal(rows.length, 1);
    assert.equal(await stockOf(variantId), 9);
  });

  test("redeems a single-use coupon once", async () => {
    const variantId = await buildVariant(20);
    const shoppers = await buildShoppers(8, variantId);
    const coupon = await buildCoupon(database.db, { usageLimit: 1 });
    const body = buildCheckoutBody({ coupon_code: coupon.code });

    const responses = await Promise.all(
      shoppers.map((shopper) => postOrder(shopper, { body })),
    );

    const created = responses.filter((response) => response.status === 201);
    assert.equal(created.length, 1);
    assert.ok(
      responses
        .filter((response) => response.status !== 201)
        .every((response) => response.body.code === "COUPON_NOT_APPLICABLE"),
    );
    const [row] = await database.db
      .select({ usageCount: coupons.usageCount })
      .from(coupons)
      .where(eq(coupons.id, coupon.id));
    assert.equal(row?.usageCount, 1);
    assert.equal(await stockOf(variantId), 19);
  });
});
