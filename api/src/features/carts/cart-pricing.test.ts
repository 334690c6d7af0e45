// GET /me/cart priced for checkout. With a shipping method and a coupon
// code, its totals must be what POST /orders then charges, with prices that
// include the tax and with prices that exclude it. A coupon it rejects must
// be rejected by POST /orders in the same way, and the read must change
// nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import {
  carts,
  couponRedemptions,
  coupons,
  variants,
} from "../../db/schema.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { buildTestApp } from "../../test/app.js";
import {
  addToMyCart,
  buildCheckoutBody,
  placeOrder,
} from "../../test/checkout.js";
import { createTestDatabase } from "../../test/database.js";
import { buildCoupon, buildProduct } from "../../test/factories.js";
import { buildShopper, type Shopper } from "../../test/shoppers.js";
import type { OrderResponse } from "../orders/orders.schemas.js";
import type { CartResponse } from "./carts.schemas.js";

/** A COUPON_NOT_APPLICABLE problem with its extension members. */
type CouponProblem = ProblemDocument & {
  reason?: string;
  minimum_subtotal?: number;
  subtotal?: number;
  currency?: string;
};

/** The coupons each pricing test runs with: none, a share and an amount. */
const couponCases = [
  { name: "no coupon", options: undefined },
  { name: "25 % off", options: { percentOff: 25 } },
  { name: "7.00 off", options: { kind: "fixed" as const, amountOff: 700 } },
];

const shippingMethods = ["standard", "express"];

/**
 * Opens a database and an app with `pricesIncludeTax` for one describe
 * block, and closes both after it.
 */
function useApp(pricesIncludeTax: boolean): {
  app: () => FastifyInstance;
  database: () => DatabaseHandle;
} {
  let database: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { pricesIncludeTax });
  });
  after(async () => {
    await app?.close();
    await database?.close();
  });
  return {
    app: () => {
      assert.ok(app, "the app is built");
      return app;
    },
    database: () => {
      assert.ok(database, "the database is open");
      return database;
    },
  };
}

/** Builds a shopper whose cart contains `quantity` units at `price`. */
async function buildShopperWithCart(
  app: FastifyInstance,
  input: { price: number; quantity: number },
): Promise<{ shopper: Shopper; variantId: string }> {
  const shopper = await buildShopper(app);
  const product = await buildProduct(app.database.db, {
    variants: [{ price: input.price, stockOnHand: 50 }],
  });
  const variantId = product.variants[0]?.id;
  assert.ok(variantId);
  await addToMyCart(app, shopper.headers, variantId, input.quantity);
  return { shopper, variantId };
}

/** Sends GET /me/cart with `query` as its query string. */
function getPricedCart(
  app: FastifyInstance,
  shopper: Shopper,
  query: Record<string, string> = {},
) {
  const search = new URLSearchParams(query).toString();
  return app.inject({
    method: "GET",
    url: `/api/v1/me/cart${search === "" ? "" : `?${search}`}`,
    headers: shopper.headers,
  });
}

for (const pricesIncludeTax of [true, false]) {
  const label = pricesIncludeTax ? "including" : "excluding";

  describe(`priced cart, prices ${label} tax`, () => {
    const context = useApp(pricesIncludeTax);

    for (const method of shippingMethods) {
      for (const couponCase of couponCases) {
        test(`matches the order: ${method}, ${couponCase.name}`, async () => {
          const app = context.app();
          // 3 × 19.99 is above the free standard shipping threshold of
          // 50.00, and 25 % off takes it below again.
          const { shopper } = await buildShopperWithCart(app, {
            price: 1999,
            quantity: 3,
          });
          const coupon =
            couponCase.options &&
            (await buildCoupon(app.database.db, couponCase.options));
          const query: Record<string, string> = { shipping_method: method };
          // Lower case: codes are matched in any letter case.
          if (coupon) query.coupon_code = coupon.code.toLowerCase();

          const priced = await getPricedCart(app, shopper, query);

          assert.equal(priced.statusCode, 200, priced.body);
          const cart = priced.json<CartResponse>();
          assert.equal(cart.shipping_method, method);
          assert.equal(cart.estimated_shipping_method, method);
          assert.equal(cart.is_shipping_estimated, false);
          assert.equal(cart.totals.prices_include_tax, pricesIncludeTax);
          assert.equal(cart.coupon?.code ?? null, coupon?.code ?? null);
          if (coupon) assert.ok(cart.totals.discount_total > 0);

          const placed = await placeOrder(
            app,
            shopper.headers,
            buildCheckoutBody({
              shipping_method: method,
              coupon_code: query.coupon_code,
              expected_total: cart.totals.total,
            }),
          );

          assert.equal(placed.statusCode, 201, placed.body);
          const order = placed.json<OrderResponse>();
          assert.equal(order.totals.subtotal, cart.totals.subtotal);
          assert.equal(order.totals.discount_total, cart.totals.discount_total);
          assert.equal(order.totals.shipping_total, cart.totals.shipping_total);
          assert.equal(order.totals.tax_total, cart.totals.tax_total);
          assert.equal(order.totals.total, cart.totals.total);
          assert.equal(order.totals.prices_include_tax, pricesIncludeTax);
          assert.equal(order.coupon_code, coupon?.code ?? null);
        });
      }
    }

    test("adds or contains the tax as configured", async () => {
      const app = context.app();
      const { shopper } = await buildShopperWithCart(app, {
        price: 1000,
        quantity: 1,
      });

      const priced = await getPricedCart(app, shopper, {
        shipping_method: "express",
      });

      const { totals } = priced.json<CartResponse>();
      // 10.00 + 12.99 express at the default 20 %: 3.83 contained in
      // 22.99, or 4.60 added to it (4.598 rounded).
      assert.equal(totals.shipping_total, 1299);
      assert.equal(totals.tax_total, pricesIncludeTax ? 383 : 460);
      assert.equal(totals.total, pricesIncludeTax ? 2299 : 2759);
    });
  });
}

describe("priced cart choices", () => {
  const context = useApp(true);

  test("estimates with the cheapest method", async () => {
    const app = context.app();
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 1,
    });

    const response = await getPricedCart(app, shopper);

    assert.equal(response.statusCode, 200, response.body);
    const cart = response.json<CartResponse>();
    assert.equal(cart.shipping_method, "standard");
    assert.equal(cart.estimated_shipping_method, "standard");
    assert.equal(cart.is_shipping_estimated, true);
    assert.equal(cart.coupon, null);
    assert.equal(cart.totals.discount_total, 0);
    assert.equal(cart.totals.shipping_total, 499);
  });

  test("describes the applied coupon", async () => {
    const app = context.app();
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 2,
    });
    const coupon = await buildCoupon(app.database.db, {
      kind: "fixed",
      amountOff: 300,
      minimumSubtotal: 1500,
    });

    const response = await getPricedCart(app, shopper, {
      coupon_code: coupon.code,
    });

    assert.equal(response.statusCode, 200, response.body);
    const cart = response.json<CartResponse>();
    assert.deepEqual(cart.coupon, {
      code: coupon.code,
      kind: "fixed",
      percent_off: null,
      amount_off: 300,
      minimum_subtotal: 1500,
    });
    assert.equal(cart.totals.discount_total, 300);
    // No method given: the cheapest one for 17.00 of goods.
    assert.equal(cart.is_shipping_estimated, true);
    assert.equal(cart.totals.total, 2000 - 300 + 499);
  });

  test("rejects an unknown shipping method", async () => {
    const app = context.app();
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 1,
    });

    const response = await getPricedCart(app, shopper, {
      shipping_method: "drone",
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<ProblemDocument>();
    assert.equal(problem.code, "VALIDATION_FAILED");
    assert.equal(problem.errors?.[0]?.field, "shipping_method");
    assert.match(problem.errors?.[0]?.message ?? "", /standard, express/);
  });

  test("rejects an empty coupon code", async () => {
    const app = context.app();
    const shopper = await buildShopper(app);

    const response = await getPricedCart(app, shopper, { coupon_code: "" });

    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json<ProblemDocument>().errors?.[0]?.field,
      "coupon_code",
    );
  });

  test("prices a guest cart with the cheapest method", async () => {
    const app = context.app();

    const response = await app.inject({ method: "POST", url: "/api/v1/carts" });

    const cart = response.json<CartResponse>();
    assert.equal(cart.shipping_method, cart.estimated_shipping_method);
    assert.equal(cart.is_shipping_estimated, true);
    assert.equal(cart.coupon, null);
  });
});

describe("priced cart coupon failures", () => {
  const context = useApp(true);

  /**
   * Prices the shopper's cart with `code`, then places the order with it,
   * and checks that both reject the coupon with the same problem.
   */
  async function assertRejectedLikeOrder(
    shopper: Shopper,
    code: string,
    reason: string,
  ): Promise<CouponProblem> {
    const app = context.app();
    const priced = await getPricedCart(app, shopper, {
      shipping_method: "standard",
      coupon_code: code,
    });
    const placed = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: code }),
    );

    assert.equal(priced.statusCode, 409, priced.body);
    const problem = priced.json<CouponProblem>();
    assert.equal(problem.code, "COUPON_NOT_APPLICABLE");
    assert.equal(problem.status, 409);
    assert.equal(problem.reason, reason);
    assert.equal(problem.errors?.length, 1);
    assert.equal(problem.errors?.[0]?.field, "coupon_code");

    assert.equal(placed.statusCode, 409, placed.body);
    const orderProblem = placed.json<CouponProblem>();
    assert.equal(orderProblem.code, problem.code);
    assert.equal(orderProblem.reason, problem.reason);
    assert.deepEqual(orderProblem.errors, problem.errors);
    return problem;
  }

  test("names an unknown code", async () => {
    const { shopper } = await buildShopperWithCart(context.app(), {
      price: 1000,
      quantity: 1,
    });

    const problem = await assertRejectedLikeOrder(
      shopper,
      "NOSUCHCODE",
      "unknown",
    );

    assert.equal(
      problem.errors?.[0]?.message,
      "coupon_code is not a valid code.",
    );
  });

  test("treats a withdrawn coupon as unknown", async () => {
    const app = context.app();
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 1,
    });
    const coupon = await buildCoupon(app.database.db, { isActive: false });

    await assertRejectedLikeOrder(shopper, coupon.code, "unknown");
  });

  test("names an expired coupon", async () => {
    const app = context.app();
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 1,
    });
    const coupon = await buildCoupon(app.database.db, {
      expiresAt: new Date(Date.now() - 1000),
    });

    const problem = await assertRejectedLikeOrder(
      shopper,
      coupon.code,
      "expired",
    );

    assert.equal(problem.errors?.[0]?.message, "coupon_code has expired.");
  });

  test("names the minimum subtotal", async () => {
    const app = context.app();
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 2,
    });
    const coupon = await buildCoupon(app.database.db, {
      minimumSubtotal: 5000,
    });

    const problem = await assertRejectedLikeOrder(
      shopper,
      coupon.code,
      "minimum_subtotal_not_met",
    );

    assert.equal(problem.minimum_subtotal, 5000);
    assert.equal(problem.subtotal, 2000);
    assert.equal(problem.currency, "USD");
    assert.equal(
      problem.errors?.[0]?.message,
      "coupon_code needs a subtotal of at least 5000, but the subtotal is 2000 (minor units of USD).",
    );
  });

  test("names a used-up coupon", async () => {
    const app = context.app();
    const coupon = await buildCoupon(app.database.db, { usageLimit: 1 });
    const first = await buildShopperWithCart(app, { price: 1000, quantity: 1 });
    const used = await placeOrder(
      app,
      first.shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );
    assert.equal(used.statusCode, 201, used.body);
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 1,
    });

    const problem = await assertRejectedLikeOrder(
      shopper,
      coupon.code,
      "used_up",
    );

    assert.match(problem.detail, /used as often as it allows/);
  });

  test("names a coupon already used", async () => {
    const app = context.app();
    const coupon = await buildCoupon(app.database.db, { perCustomerLimit: 1 });
    const { shopper, variantId } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 1,
    });
    const used = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );
    assert.equal(used.statusCode, 201, used.body);
    await addToMyCart(app, shopper.headers, variantId, 1);
    const other = await buildShopperWithCart(app, { price: 1000, quantity: 1 });

    const problem = await assertRejectedLikeOrder(
      shopper,
      coupon.code,
      "customer_limit_reached",
    );
    const forOther = await getPricedCart(app, other.shopper, {
      coupon_code: coupon.code,
    });

    assert.match(problem.errors?.[0]?.message ?? "", /used by this account/);
    assert.equal(forOther.statusCode, 200, forOther.body);
  });

  test("names a coupon of another currency", async () => {
    const app = context.app();
    const { shopper } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 1,
    });
    const coupon = await buildCoupon(app.database.db);
    await app.database.db
      .update(coupons)
      .set({ currency: "EUR" })
      .where(eq(coupons.id, coupon.id));

    const problem = await assertRejectedLikeOrder(
      shopper,
      coupon.code,
      "other_currency",
    );

    assert.match(problem.errors?.[0]?.message ?? "", /EUR/);
  });
});

describe("priced cart reads", () => {
  const context = useApp(true);

  test("changes nothing and reserves nothing", async () => {
    const app = context.app();
    const db = context.database().db;
    const { shopper, variantId } = await buildShopperWithCart(app, {
      price: 1000,
      quantity: 2,
    });
    const coupon = await buildCoupon(app.database.db, {
      usageLimit: 1,
      perCustomerLimit: 1,
    });
    const readState = async () => ({
      coupon: (
        await db.select().from(coupons).where(eq(coupons.id, coupon.id))
      )[0],
      redemptions: await db
        .select()
        .from(couponRedemptions)
        .where(eq(couponRedemptions.couponId, coupon.id)),
      cart: (
        await db.select().from(carts).where(eq(carts.userId, shopper.id))
      )[0],
      stock: (
        await db
          .select({ stock: variants.stockOnHand })
          .from(variants)
          .where(eq(variants.id, variantId))
      )[0]?.stock,
    });
    const before = await readState();

    for (const method of shippingMethods) {
      const response = await getPricedCart(app, shopper, {
        shipping_method: method,
        coupon_code: coupon.code,
      });
      assert.equal(response.statusCode, 200, response.body);
    }
    const afterReads = await readState();
    // Neither the limit of 1 in total nor the one per customer was taken.
    const placed = await placeOrder(
      app,
      shopper.headers,
      buildCheckoutBody({ coupon_code: coupon.code }),
    );

    assert.deepEqual(afterReads, before);
    assert.equal(afterReads.coupon?.usageCount, 0);
    assert.deepEqual(afterReads.redemptions, []);
    assert.equal(placed.statusCode, 201, placed.body);
  });
});
