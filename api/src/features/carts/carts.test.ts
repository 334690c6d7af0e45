import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { carts, variants } from "../../db/schema.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildProduct } from "../../test/factories.js";
import { buildShopper } from "../../test/shoppers.js";
import type { CartResponse } from "./carts.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database);
});

after(async () => {
  await app.close();
  await database.close();
});

interface GuestCart {
  id: string;
  token: string;
}

async function createGuestCart(): Promise<GuestCart> {
  const response = await app.inject({ method: "POST", url: "/api/v1/carts" });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<GuestCart>();
}

function addToGuestCart(
  cart: GuestCart,
  payload: Record<string, unknown>,
  token: string | undefined = cart.token,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: `/api/v1/carts/${cart.id}/items`,
    headers: token === undefined ? {} : { "x-cart-token": token },
    payload,
  });
}

async function getGuestCart(cart: GuestCart): Promise<CartResponse> {
  const response = await app.inject({
    method: "GET",
    url: `/api/v1/carts/${cart.id}`,
    headers: { "x-cart-token": cart.token },
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<CartResponse>();
}

async function buildVariant(
  input: { price?: number; stockOnHand?: number } = {},
): Promise<{ id: string; sku: string; price: number; productSlug: string }> {
  const product = await buildProduct(database.db, {
    variants: [
      { price: input.price ?? 1000, stockOnHand: input.stockOnHand ?? 10 },
    ],
  });
  const variant = product.variants[0];
  assert.ok(variant);
  return { ...variant, productSlug: product.slug };
}

describe("POST /carts", () => {
  test("creates a cart with a token", async () => {
    const response = await app.inject({ method: "POST", url: "/api/v1/carts" });

    assert.equal(response.statusCode, 201);
    const body = response.json<CartResponse & { token: string }>();
    assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(body.items, []);
    assert.equal(body.totals.total, 0);
  });

  test("stores only the token hash", async () => {
    const cart = await createGuestCart();

    const [row] = await database.db
      .select({ tokenHash: carts.tokenHash })
      .from(carts)
      .where(eq(carts.id, cart.id));

    assert.match(row?.tokenHash ?? "", /^[0-9a-f]{64}$/);
    assert.notEqual(row?.tokenHash, cart.token);
  });
});

describe("POST /carts/{id}/items", () => {
  test("adds a line priced from catalog", async () => {
    const cart = await createGuestCart();
    const variant = await buildVariant({ price: 1250 });

    const response = await addToGuestCart(cart, {
      variant_id: variant.id,
      quantity: 2,
    });

    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<CartResponse>();
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0]?.unit_price, 1250);
    assert.equal(body.items[0]?.line_total, 2500);
    assert.equal(body.items[0]?.product_slug, variant.productSlug);
    assert.equal(body.totals.subtotal, 2500);
    assert.equal(body.totals.shipping_total, 499);
    assert.equal(body.totals.total, 2999);
    assert.equal(body.totals.tax_total, 500);
    assert.equal(body.item_count, 2);
  });

  test("adds to an existing line", async () => {
    const cart = await createGuestCart();
    const variant = await buildVariant();
    await addToGuestCart(cart, { variant_id: variant.id, quantity: 2 });

    await addToGuestCart(cart, { variant_id: variant.id, quantity: 3 });

    const body = await getGuestCart(cart);
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0]?.quantity, 5);
  });

  for (const quantity of [0, -1, 100, 1.5, "two", null]) {
    test(`rejects quantity ${String(quantity)}`, async () => {
      const cart = await createGuestCart();
      const variant = await buildVariant();

      const response = await addToGuestCart(cart, {
        variant_id: variant.id,
        quantity,
      });

      assert.equal(response.statusCode, 400);
      const problem = response.json<ProblemDocument>();
      assert.equal(problem.errors?.[0]?.field, "quantity");
      assert.deepEqual((await getGuestCart(cart)).items, []);
    });
  }

  test("rejects a line above maximum", async () => {
    const cart = await createGuestCart();
    const variant = await buildVariant({ stockOnHand: 500 });
    await addToGuestCart(cart, { variant_id: variant.id, quantity: 90 });

    const response = await addToGuestCart(cart, {
      variant_id: variant.id,
      quantity: 10,
    });

    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json<ProblemDocument>().errors?.[0]?.field,
      "quantity",
    );
    assert.equal((await getGuestCart(cart)).items[0]?.quantity, 90);
  });

  test("returns 409 with available stock", async () => {
    const cart = await createGuestCart();
    const variant = await buildVariant({ stockOnHand: 3 });

    const response = await addToGuestCart(cart, {
      variant_id: variant.id,
      quantity: 4,
    });

    assert.equal(response.statusCode, 409);
    const problem = response.json<ProblemDocument & { available: number }>();
    assert.equal(problem.code, "INSUFFICIENT_STOCK");
    assert.equal(problem.available, 3);
    assert.match(problem.detail, /Only 3/);
    assert.deepEqual((await getGuestCart(cart)).items, []);
  });

  test("returns 404 for unknown variant", async () => {
    const cart = await createGuestCart();

    const response = await addToGuestCart(cart, {
      variant_id: "00000000-0000-4000-8000-000000000000",
      quantity: 1,
    });

    assert.equal(response.statusCode, 404);
  });

  test("returns 409 for inactive variant", async () => {
    const cart = await createGuestCart();
    const product = await buildProduct(database.db, {
      variants: [{ isActive: true }, { isActive: false }],
    });

    const response = await addToGuestCart(cart, {
      variant_id: product.variants[1]?.id,
      quantity: 1,
    });

    assert.equal(response.statusCode, 409);
    assert.equal(response.json<ProblemDocument>().code, "VARIANT_UNAVAILABLE");
  });
});

describe("guest cart access", () => {
  test("hides cart from wrong or missing token", async () => {
    const cart = await createGuestCart();
    const other = await createGuestCart();
    const variant = await buildVariant();
    await addToGuestCart(cart, { variant_id: variant.id, quantity: 1 });
    const item = (await getGuestCart(cart)).items[0];
    assert.ok(item);
    const attempts: {
      method: "GET" | "POST" | "PATCH" | "DELETE";
      url: string;
      payload?: object;
    }[] = [
      { method: "GET", url: `/api/v1/carts/${cart.id}` },
      {
        method: "POST",
        url: `/api/v1/carts/${cart.id}/items`,
        payload: { variant_id: variant.id, quantity: 1 },
      },
      {
        method: "PATCH",
        url: `/api/v1/carts/${cart.id}/items/${item.id}`,
        payload: { quantity: 5 },
      },
      { method: "DELETE", url: `/api/v1/carts/${cart.id}/items/${item.id}` },
    ];

    for (const headers of [
      {},
      { "x-cart-token": other.token },
      { "x-cart-token": "x" },
    ]) {
      for (const attempt of attempts) {
        const response = await app.inject({ ...attempt, headers });

        assert.equal(
          response.statusCode,
          404,
          `${attempt.method} ${attempt.url}`,
        );
        assert.doesNotMatch(response.body, new RegExp(variant.sku));
      }
    }
    const unchanged = await getGuestCart(cart);
    assert.equal(unchanged.items[0]?.quantity, 1);
  });

  test("hides another cart's line", async () => {
    const cart = await createGuestCart();
    const other = await createGuestCart();
    const variant = await buildVariant();
    await addToGuestCart(other, { variant_id: variant.id, quantity: 1 });
    const otherItem = (await getGuestCart(other)).items[0];

    const response = await app.inject({
      method: "DELETE",
      url: `/api/v1/carts/${cart.id}/items/${otherItem?.id}`,
      headers: { "x-cart-token": cart.token },
    });

    assert.equal(response.statusCode, 404);
    assert.equal((await getGuestCart(other)).items.length, 1);
  });

  test("returns 404 for a malformed id", async () => {
    const cart = await createGuestCart();

    const response = await app.inject({
      method: "GET",
      url: "/api/v1/carts/not-a-uuid",
      headers: { "x-cart-token": cart.token },
    });

    assert.equal(response.statusCode, 404);
  });
});

describe("PATCH and DELETE /carts/{id}/items", () => {
  test("sets and removes a line", async () => {
    const cart = await createGuestCart();
    const variant = await buildVariant();
    await addToGuestCart(cart, { variant_id: variant.id, quantity: 1 });
    const item = (await getGuestCart(cart)).items[0];

    const patched = await app.inject({
      method: "PATCH",
      url: `/api/v1/carts/${cart.id}/items/${item?.id}`,
      headers: { "x-cart-token": cart.token },
      payload: { quantity: 7 },
    });
    const deleted = await app.inject({
      method: "DELETE",
      url: `/api/v1/carts/${cart.id}/items/${item?.id}`,
      headers: { "x-cart-token": cart.token },
    });

    assert.equal(patched.json<CartResponse>().items[0]?.quantity, 7);
    assert.deepEqual(deleted.json<CartResponse>().items, []);
  });
});

describe("cart flags", () => {
  test("flags price, stock and inactive", async () => {
    const cart = await createGuestCart();
    const cheap = await buildVariant({ price: 1000, stockOnHand: 5 });
    const scarce = await buildVariant({ stockOnHand: 5 });
    const gone = await buildVariant({ stockOnHand: 5 });
    const retired = await buildVariant({ stockOnHand: 5 });
    for (const variant of [cheap, scarce, gone, retired]) {
      await addToGuestCart(cart, { variant_id: variant.id, quantity: 3 });
    }

    const set = (id: string, changes: Partial<typeof variants.$inferInsert>) =>
      database.db.update(variants).set(changes).where(eq(variants.id, id));
    await set(cheap.id, { price: 1100 });
    await set(scarce.id, { stockOnHand: 2 });
    await set(gone.id, { stockOnHand: 0 });
    await set(retired.id, { isActive: false });
    const body = await getGuestCart(cart);

    const flagsOf = (id: string) =>
      body.items.find((item) => item.variant_id === id)?.flags;
    assert.deepEqual(flagsOf(cheap.id), ["price_changed"]);
    assert.deepEqual(flagsOf(scarce.id), ["insufficient_stock"]);
    assert.deepEqual(flagsOf(gone.id), ["out_of_stock"]);
    assert.deepEqual(flagsOf(retired.id), ["inactive"]);
    assert.equal(
      body.items.find((item) => item.variant_id === cheap.id)?.unit_price,
      1100,
    );
  });
});

describe("/me/cart", () => {
  test("requires sign-in", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/me/cart"],
      ["POST", "/api/v1/me/cart/items"],
      ["PATCH", "/api/v1/me/cart/items/00000000-0000-4000-8000-000000000000"],
      ["DELETE", "/api/v1/me/cart/items/00000000-0000-4000-8000-000000000000"],
      ["POST", "/api/v1/me/cart/merge"],
    ] as const) {
      const response = await app.inject({ method, url, payload: {} });

      assert.equal(response.statusCode, 401, `${method} ${url}`);
    }
  });

  test("creates the cart on first use", async () => {
    const shopper = await buildShopper(app);

    const response = await app.inject({
      method: "GET",
      url: "/api/v1/me/cart",
      headers: shopper.headers,
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json<CartResponse>().items, []);
  });

  test("hides another user's line", async () => {
    const owner = await buildShopper(app);
    const intruder = await buildShopper(app);
    const variant = await buildVariant();
    const added = await app.inject({
      method: "POST",
      url: "/api/v1/me/cart/items",
      headers: owner.headers,
      payload: { variant_id: variant.id, quantity: 2 },
    });
    const itemId = added.json<CartResponse>().items[0]?.id;

    const patched = await app.inject({
      method: "PATCH",
      url: `/api/v1/me/cart/items/${itemId}`,
      headers: intruder.headers,
      payload: { quantity: 1 },
    });
    const deleted = await app.inject({
      method: "DELETE",
      url: `/api/v1/me/cart/items/${itemId}`,
      headers: intruder.headers,
    });

    assert.equal(patched.statusCode, 404);
    assert.equal(deleted.statusCode, 404);
    const ownerCart = await app.inject({
      method: "GET",
      url: "/api/v1/me/cart",
      headers: owner.headers,
    });
    assert.equal(ownerCart.json<CartResponse>().items[0]?.quantity, 2);
  });
});

describe("POST /me/cart/merge", () => {
  test("merges, caps at stock, and repeats harmlessly", async () => {
    const shopper = await buildShopper(app);
    const plenty = await buildVariant({ stockOnHand: 50 });
    const scarce = await buildVariant({ stockOnHand: 4 });
    await app.inject({
      method: "POST",
      url: "/api/v1/me/cart/items",
      headers: shopper.headers,
      payload: { variant_id: scarce.id, quantity: 3 },
    });
    const guest = await createGuestCart();
    await addToGuestCart(guest, { variant_id: plenty.id, quantity: 2 });
    await addToGuestCart(guest, { variant_id: scarce.id, quantity: 3 });
    const merge = () =>
      app.inject({
        method: "POST",
        url: "/api/v1/me/cart/merge",
        headers: shopper.headers,
        payload: { cart_id: guest.id, cart_token: guest.token },
      });

    const first = await merge();
    const second = await merge();

    assert.equal(first.statusCode, 200, first.body);
    const merged = first.json<
      CartResponse & {
        notices: { sku: string; quantity: number; reason: string }[];
      }
    >();
    const quantities = Object.fromEntries(
      merged.items.map((item) => [item.variant_id, item.quantity]),
    );
    assert.deepEqual(quantities, { [plenty.id]: 2, [scarce.id]: 4 });
    assert.deepEqual(
      merged.notices.map((notice) => [
        notice.sku,
        notice.quantity,
        notice.reason,
      ]),
      [[scarce.sku, 4, "capped_at_stock"]],
    );
    assert.equal(second.statusCode, 200);
    const again = second.json<CartResponse & { notices: unknown[] }>();
    assert.deepEqual(again.items, merged.items);
    assert.deepEqual(again.notices, []);
    const guestAfter = await app.inject({
      method: "GET",
      url: `/api/v1/carts/${guest.id}`,
      headers: { "x-cart-token": guest.token },
    });
    assert.equal(guestAfter.statusCode, 404);
  });
});
