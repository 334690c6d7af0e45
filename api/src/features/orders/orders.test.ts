import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";

import { buildApp } from "../../app.js";
import type { DatabaseHandle } from "../../db/client.js";
import {
  coupons,
  idempotencyKeys,
  orders,
  refunds,
  variants,
} from "../../db/schema.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { buildTestConfig } from "../../test/app.js";
import {
  addToMyCart,
  buildCheckoutBody,
  placeOrder,
} from "../../test/checkout.js";
import { createTestDatabase } from "../../test/database.js";
import { buildCoupon, buildProduct } from "../../test/factories.js";
import { buildShopper, type Shopper } from "../../test/shoppers.js";
import type { CartResponse } from "../carts/carts.schemas.js";
import type { OrderListResponse, OrderResponse } from "./orders.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;
/** Every log line the app wrote, to prove card numbers stay out of it. */
const logLines: string[] = [];

before(async () => {
  database = await createTestDatabase();
  app = await buildApp({
    config: buildTestConfig(),
    database,
    logger: {
      level: "trace",
      stream: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logLines.push(chunk.toString("utf8"));
          callback();
        },
      }),
    },
  });
  await app.ready();
});

after(async () => {
  await app.close();
  await database.close();
});

async function buildVariant(
  input: { price?: number; stockOnHand?: number } = {},
): Promise<{ id: string; sku: string }> {
  const product = await buildProduct(database.db, {
    variants: [
      { price: input.price ?? 2000, stockOnHand: input.stockOnHand ?? 10 },
    ],
  });
  const variant = product.variants[0];
  assert.ok(variant);
  return variant;
}

async function stockOf(variantId: string): Promise<number> {
  const [row] = await database.db
    .select({ stock: variants.stockOnHand })
    .from(variants)
    .where(eq(variants.id, variantId));
  return row?.stock ?? -1;
}

async function cartOf(shopper: Shopper): Promise<CartResponse> {
  const response = await app.inject({
    method: "GET",
    url: "/api/v1/me/cart",
    headers: shopper.headers,
  });
  return response.json<CartResponse>();
}

async function countOrdersOf(shopper: Shopper): Promise<number> {
  const rows = await database.db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.userId, shopper.id));
  return rows.length;
}

async function shopperWithCart(
  quantity = 2,
  input: { price?: number; stockOnHand?: number } = {},
): Promise<{ shopper: Shopper; variant: { id: string; sku: string } }> {
  const shopper = await buildShopper(app);
  const variant = await buildVariant(input);
  await addToMyCart(app, shopper.headers, variant.id, quantity);
  return { shopper, variant };
}

describe("POST /orders", () => {
  test("places a paid order", async () => {
    const { shopper, variant } = await shopperWithCart(2, {
      price: 2000,
      stockOnHand: 5,
    });

    const response = await placeOrder(app, shopper.headers);

    assert.equal(response.statusCode, 201, response.body);
    const order = response.json<OrderResponse>();
    assert.match(order.number, /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{10}$/);
    assert.equal(order.status, "paid");
    assert.equal(order.totals.subtotal, 4000);
    assert.equal(order.totals.shipping_total, 499);
    assert.equal(order.totals.total, 4499);
    assert.equal(order.items[0]?.sku, variant.sku);
    assert.equal(order.payment.card_last4, "4242");
    assert.deepEqual(
      order.status_history.map((entry) => [entry.from_status, entry.to_status]),
      [[null, "paid"]],
    );
    assert.equal(await stockOf(variant.id), 3);
    assert.deepEqual((await cartOf(shopper)).items, []);
  });

  test("sends the confirmation mail", async () => {
    const { shopper } = await shopperWithCart();

    const response = await placeOrder(app, shopper.headers);

    const order = response.json<OrderResponse>();
    const mail = app.mail.mailbox
      .list()
      .find((message) => message.to === shopper.email);
    assert.ok(mail);
    assert.match(mail.subject, new RegExp(order.number));
  });

  test("keeps cash on delivery pending", async () => {
    const { shopper } = await shopperWithCart();

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({
        payment_method: "cash_on_delivery",
        card: undefined,
      }),
    );

    assert.equal(response.statusCode, 201, response.body);
    const order = response.json<OrderResponse>();
    assert.equal(order.status, "pending");
    assert.equal(order.payment.card_last4, null);
  });

  test("requires an idempotency key", async () => {
    const { shopper } = await shopperWithCart();

    const response = await app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: shopper.headers,
      payload: buildCheckoutBody(),
    });

    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json<ProblemDocument>().errors?.[0]?.field,
      "idempotency-key",
    );
  });

  test("rejects an empty cart", async () => {
    const shopper = await buildShopper(app);

    const response = await placeOrder(app, shopper.headers);

    assert.equal(response.statusCode, 409);
    assert.equal(response.json<ProblemDocument>().code, "CART_EMPTY");
  });

  test("names every failing line", async () => {
    const shopper = await buildShopper(app);
    const fine = await buildVariant({ stockOnHand: 5 });
    const short = await buildVariant({ stockOnHand: 5 });
    const retired = await buildVariant({ stockOnHand: 5 });
    for (const variant of [fine, short, retired]) {
      await addToMyCart(app, shopper.headers, variant.id, 3);
    }
    await database.db
      .update(variants)
      .set({ stockOnHand: 1 })
      .where(eq(variants.id, short.id));
    await database.db
      .update(variants)
      .set({ isActive: false })
      .where(eq(variants.id, retired.id));
    const cart = await cartOf(shopper);
    const lineOf = (id: string) =>
      cart.items.find((item) => item.variant_id === id)?.id;

    const response = await placeOrder(app, shopper.headers);

    assert.equal(response.statusCode, 409);
    const problem = response.json<ProblemDocument>();
    assert.equal(problem.code, "INSUFFICIENT_STOCK");
    assert.deepEqual(
      problem.errors?.map((error) => error.field).sort(),
      [`items[${lineOf(short.id)}]`, `items[${lineOf(retired.id)}]`].sort(),
    );
    assert.equal(await stockOf(fine.id), 5);
    assert.equal((await cartOf(shopper)).items.length, 3);
  });

  test("rejects a changed expected total", async () => {
    const { shopper, variant } = await shopperWithCart(1, { price: 2000 });

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ expected_total: 1999 }),
    );

    assert.equal(response.statusCode, 409);
    const problem = response.json<ProblemDocument & { total: number }>();
    assert.equal(problem.code, "TOTAL_CHANGED");
    assert.equal(problem.total, 2499);
    assert.equal(await stockOf(variant.id), 10);
  });

  test("accepts the matching expected total", async () => {
    const { shopper } = await shopperWithCart(1, { price: 2000 });

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ expected_total: 2499 }),
    );

    assert.equal(response.statusCode, 201, response.body);
  });

  test("uses an address book entry", async () => {
    const { shopper } = await shopperWithCart();
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/me/addresses",
      headers: shopper.headers,
      payload: {
        name: "Grace Hopper",
        line1: "1 Main Street",
        city: "Arlington",
        postal_code: "22201",
        country: "US",
      },
    });
    const addressId = created.json<{ id: string }>().id;

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({
        shipping_address: undefined,
        shipping_address_id: addressId,
      }),
    );

    assert.equal(response.statusCode, 201, response.body);
    assert.equal(
      response.json<OrderResponse>().shipping_address.name,
      "Grace Hopper",
    );
  });

  test("hides another user's address", async () => {
    const { shopper } = await shopperWithCart();
    const other = await buildShopper(app);
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/me/addresses",
      headers: other.headers,
      payload: {
        name: "Other",
        line1: "2 Main Street",
        city: "Arlington",
        postal_code: "22201",
        country: "US",
      },
    });

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({
        shipping_address: undefined,
        shipping_address_id: created.json<{ id: string }>().id,
      }),
    );

    assert.equal(response.statusCode, 404);
    assert.doesNotMatch(response.body, /Other/);
  });

  test("requires a verified email when set", async (t) => {
    const strictApp = await buildApp({
      config: buildTestConfig({ requireVerifiedEmail: true }),
      database,
      logger: false,
    });
    t.after(() => strictApp.close());
    await strictApp.ready();
    const shopper = await buildShopper(strictApp);
    const variant = await buildVariant();
    await addToMyCart(strictApp, shopper.headers, variant.id, 1);

    const response = await placeOrder(strictApp, shopper.headers);

    assert.equal(response.statusCode, 403);
    assert.equal(response.json<ProblemDocument>().code, "EMAIL_NOT_VERIFIED");
  });
});

describe("idempotency", () => {
  test("replays the same key and body", async () => {
    const { shopper, variant } = await shopperWithCart(1);
    await addToMyCart(app, shopper.headers, variant.id, 1);

    const first = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody(),
      "key-1",
    );
    const second = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody(),
      "key-1",
    );

    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(
      second.json<OrderResponse>().number,
      first.json<OrderResponse>().number,
    );
    assert.equal(await countOrdersOf(shopper), 1);
    assert.equal(await stockOf(variant.id), 8);
  });

  test("rejects the same key with another body", async () => {
    const { shopper } = await shopperWithCart(1);
    await placeOrder(app, shopper.headers, buildCheckoutBody(), "key-2");

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ shipping_method: "express" }),
      "key-2",
    );

    assert.equal(response.statusCode, 422);
    assert.equal(
      response.json<ProblemDocument>().code,
      "IDEMPOTENCY_KEY_REUSED",
    );
  });

  test("keys belong to one user", async () => {
    const first = await shopperWithCart(1);
    const second = await shopperWithCart(1);

    const a = await placeOrder(
      app,
      first.shopper.headers,
      buildCheckoutBody(),
      "shared",
    );
    const b = await placeOrder(
      app,
      second.shopper.headers,
      buildCheckoutBody(),
      "shared",
    );

    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.notEqual(
      a.json<OrderResponse>().number,
      b.json<OrderResponse>().number,
    );
  });

  test("allows a retry after a failure", async () => {
    const { shopper } = await shopperWithCart(1);
    const declined = buildCheckoutBody({
      card: {
        number: "4000000000000002",
        exp_month: 12,
        exp_year: 2099,
        cvc: "123",
      },
    });
    await placeOrder(app, shopper.headers, declined, "retry-key");

    const response = await placeOrder(
      app,
      shopper.headers,
      declined,
      "retry-key",
    );

    assert.equal(response.statusCode, 402);
  });
});

describe("payments", () => {
  const card = (number: string) => ({
    card: { number, exp_month: 12, exp_year: 2099, cvc: "123" },
  });

  for (const [number, code] of [
    ["4000000000000002", "PAYMENT_DECLINED"],
    ["4000000000009995", "INSUFFICIENT_FUNDS"],
  ] as const) {
    test(`changes nothing on ${code}`, async () => {
      const { shopper, variant } = await shopperWithCart(2);

      const response = await placeOrder(
        app,
        shopper.headers,
        buildCheckoutBody(card(number)),
      );

      assert.equal(response.statusCode, 402);
      assert.equal(response.json<ProblemDocument>().code, code);
      assert.equal(await stockOf(variant.id), 10);
      assert.equal((await cartOf(shopper)).items[0]?.quantity, 2);
      assert.equal(await countOrdersOf(shopper), 0);
    });
  }

  test("rejects a card failing Luhn", async () => {
    const { shopper } = await shopperWithCart();

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody(card("4242424242424241")),
    );

    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json<ProblemDocument>().errors?.[0]?.field,
      "card.number",
    );
  });

  test("rejects an expired card", async () => {
    const { shopper } = await shopperWithCart();

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({
        card: {
          number: "4242424242424242",
          exp_month: 1,
          exp_year: 2020,
          cvc: "123",
        },
      }),
    );

    assert.equal(response.statusCode, 400);
  });

  test("stores and logs only last four", async () => {
    const { shopper } = await shopperWithCart();

    const response = await placeOrder(app, shopper.headers);

    const number = response.json<OrderResponse>().number;
    const rows = await database.db
      .select()
      .from(orders)
      .where(eq(orders.number, number));
    const keys = await database.db
      .select()
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.userId, shopper.id));
    const stored = JSON.stringify([rows, keys]);
    assert.equal(rows[0]?.cardLast4, "4242");
    assert.doesNotMatch(stored, /4242424242424242/);
    assert.ok(logLines.length > 0);
    assert.doesNotMatch(logLines.join(""), /4242424242424242|4000000000000002/);
    assert.doesNotMatch(response.body, /4242424242424242/);
  });
});

describe("coupons", () => {
  test("applies a percentage coupon", async () => {
    const { shopper } = await shopperWithCart(1, { price: 2000 });
    const coupon = await buildCoupon(database.db, { percentOff: 25 });

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code.toLowerCase() }),
    );

    assert.equal(response.statusCode, 201, response.body);
    const order = response.json<OrderResponse>();
    assert.equal(order.totals.discount_total, 500);
    assert.equal(order.totals.total, 2000 - 500 + 499);
    assert.equal(order.coupon_code, coupon.code);
  });

  test("enforces the per-customer limit", async () => {
    const shopper = await buildShopper(app);
    const variant = await buildVariant();
    const coupon = await buildCoupon(database.db, { perCustomerLimit: 1 });
    await addToMyCart(app, shopper.headers, variant.id, 1);
    await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );
    await addToMyCart(app, shopper.headers, variant.id, 1);

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );

    assert.equal(response.statusCode, 409);
    assert.equal(
      response.json<ProblemDocument>().code,
      "COUPON_NOT_APPLICABLE",
    );
  });

  test("rejects an expired coupon", async () => {
    const { shopper } = await shopperWithCart();
    const coupon = await buildCoupon(database.db, {
      expiresAt: new Date(Date.now() - 1000),
    });

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );

    assert.equal(response.statusCode, 409);
    assert.equal(
      response.json<ProblemDocument>().errors?.[0]?.field,
      "coupon_code",
    );
  });

  test("rejects below minimum subtotal", async () => {
    const { shopper } = await shopperWithCart(1, { price: 1000 });
    const coupon = await buildCoupon(database.db, { minimumSubtotal: 5000 });

    const response = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );

    assert.equal(response.statusCode, 409);
  });
});

describe("GET /orders", () => {
  test("lists own orders newest first", async () => {
    const shopper = await buildShopper(app);
    const variant = await buildVariant();
    const numbers: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      await addToMyCart(app, shopper.headers, variant.id, 1);
      const placed = await placeOrder(app, shopper.headers);
      numbers.push(placed.json<OrderResponse>().number);
    }

    const response = await app.inject({
      method: "GET",
      url: "/api/v1/orders?page_size=2",
      headers: shopper.headers,
    });

    assert.equal(response.statusCode, 200);
    const list = response.json<OrderListResponse>();
    assert.equal(list.count, 3);
    assert.equal(list.total_pages, 2);
    assert.equal(list.next, "/api/v1/orders?page_size=2&page=2");
    assert.deepEqual(
      list.results.map((order) => order.number),
      [numbers[2], numbers[1]],
    );
  });

  test("returns 404 past the last page", async () => {
    const shopper = await buildShopper(app);

    const response = await app.inject({
      method: "GET",
      url: "/api/v1/orders?page=2",
      headers: shopper.headers,
    });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<ProblemDocument>().code, "PAGE_NOT_FOUND");
  });
});

describe("order access", () => {
  test("hides orders from other users", async () => {
    const { shopper } = await shopperWithCart();
    const intruder = await buildShopper(app);
    const placed = await placeOrder(app, shopper.headers);
    const number = placed.json<OrderResponse>().number;

    const read = await app.inject({
      method: "GET",
      url: `/api/v1/orders/${number}`,
      headers: intruder.headers,
    });
    const cancel = await app.inject({
      method: "POST",
      url: `/api/v1/orders/${number}/cancel`,
      headers: intruder.headers,
    });
    const list = await app.inject({
      method: "GET",
      url: "/api/v1/orders",
      headers: intruder.headers,
    });

    assert.equal(read.statusCode, 404);
    assert.equal(cancel.statusCode, 404);
    assert.equal(list.json<OrderListResponse>().count, 0);
    for (const junk of ["x", "0000000000", "../../etc", number.toLowerCase()]) {
      const response = await app.inject({
        method: "GET",
        url: `/api/v1/orders/${encodeURIComponent(junk)}`,
        headers: intruder.headers,
      });
      assert.equal(response.statusCode, 404, junk);
    }
  });

  test("requires sign-in", async () => {
    for (const [method, url] of [
      ["POST", "/api/v1/orders"],
      ["GET", "/api/v1/orders"],
      ["GET", "/api/v1/orders/ABCDEFGHJK"],
      ["POST", "/api/v1/orders/ABCDEFGHJK/cancel"],
    ] as const) {
      const response = await app.inject({ method, url });

      assert.equal(response.statusCode, 401, `${method} ${url}`);
    }
  });
});

describe("POST /orders/{number}/cancel", () => {
  test("returns stock and refunds", async () => {
    const { shopper, variant } = await shopperWithCart(3, { stockOnHand: 5 });
    const coupon = await buildCoupon(database.db, { usageLimit: 5 });
    const placed = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );
    const number = placed.json<OrderResponse>().number;
    assert.equal(await stockOf(variant.id), 2);

    const response = await app.inject({
      method: "POST",
      url: `/api/v1/orders/${number}/cancel`,
      headers: shopper.headers,
    });

    assert.equal(response.statusCode, 200, response.body);
    const order = response.json<OrderResponse>();
    assert.equal(order.status, "cancelled");
    assert.equal(order.payment.status, "refunded");
    assert.equal(order.refunds[0]?.amount, order.totals.total);
    assert.deepEqual(
      order.status_history.map((entry) => [
        entry.from_status,
        entry.to_status,
        entry.changed_by,
      ]),
      [
        [null, "paid", "customer"],
        ["paid", "cancelled", "customer"],
      ],
    );
    assert.equal(await stockOf(variant.id), 5);
    const refundRows = await database.db
      .select()
      .from(refunds)
      .where(
        eq(
          refunds.orderId,
          (
            await database.db
              .select({ id: orders.id })
              .from(orders)
              .where(eq(orders.number, number))
          )[0]?.id ?? "",
        ),
      );
    assert.equal(refundRows.length, 1);
    const [couponRow] = await database.db
      .select({ usageCount: coupons.usageCount })
      .from(coupons)
      .where(eq(coupons.id, coupon.id));
    assert.equal(couponRow?.usageCount, 0);
  });

  test("cancels a pending order without refund", async () => {
    const { shopper } = await shopperWithCart();
    const placed = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({
        payment_method: "cash_on_delivery",
        card: undefined,
      }),
    );

    const response = await app.inject({
      method: "POST",
      url: `/api/v1/orders/${placed.json<OrderResponse>().number}/cancel`,
      headers: shopper.headers,
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json<OrderResponse>().refunds, []);
  });

  test("rejects cancelling twice", async () => {
    const { shopper, variant } = await shopperWithCart(2);
    const placed = await placeOrder(app, shopper.headers);
    const url = `/api/v1/orders/${placed.json<OrderResponse>().number}/cancel`;
    await app.inject({ method: "POST", url, headers: shopper.headers });

    const response = await app.inject({
      method: "POST",
      url,
      headers: shopper.headers,
    });

    assert.equal(response.statusCode, 409);
    const problem = response.json<
      ProblemDocument & { order_status: unknown }
    >();
    assert.equal(problem.code, "INVALID_STATUS_TRANSITION");
    assert.match(problem.detail, /cancelled/);
    // The HTTP status and the order's status are two members.
    assert.equal(problem.status, 409);
    assert.equal(problem.order_status, "cancelled");
    assert.equal(await stockOf(variant.id), 10);
  });

  test("rejects a fulfilled order", async () => {
    const { shopper } = await shopperWithCart();
    const placed = await placeOrder(app, shopper.headers);
    const number = placed.json<OrderResponse>().number;
    await database.db
      .update(orders)
      .set({ status: "fulfilled" })
      .where(eq(orders.number, number));

    const response = await app.inject({
      method: "POST",
      url: `/api/v1/orders/${number}/cancel`,
      headers: shopper.headers,
    });

    assert.equal(response.statusCode, 409);
    const problem = response.json<
      ProblemDocument & { order_status: unknown }
    >();
    assert.match(problem.detail, /fulfilled/);
    assert.equal(problem.status, 409);
    assert.equal(problem.order_status, "fulfilled");
  });
});
