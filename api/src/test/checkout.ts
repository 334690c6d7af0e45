// Checkout helpers for order tests.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";

import type { FastifyInstance, LightMyRequestResponse } from "fastify";

/** A valid typed shipping address. */
export const testShippingAddress = {
  name: "Ada Lovelace",
  line1: "12 St James's Square",
  city: "London",
  postal_code: "SW1Y 4JH",
  country: "GB",
};

/** Builds a checkout body paid with the test card that succeeds. */
export function buildCheckoutBody(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    shipping_address: testShippingAddress,
    shipping_method: "standard",
    payment_method: "test_card",
    card: {
      number: "4242424242424242",
      exp_month: 12,
      exp_year: 2099,
      cvc: "123",
    },
    ...overrides,
  };
}

/** Adds units of a variant to the signed-in user's cart; fails on non-200. */
export async function addToMyCart(
  app: FastifyInstance,
  headers: Record<string, string>,
  variantId: string,
  quantity: number,
): Promise<void> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/me/cart/items",
    headers,
    payload: { variant_id: variantId, quantity },
  });
  assert.equal(response.statusCode, 200, response.body);
}

/** Sends POST /orders with a new idempotency key unless one is given. */
export function placeOrder(
  app: FastifyInstance,
  headers: Record<string, string>,
  body: Record<string, unknown> = buildCheckoutBody(),
  idempotencyKey: string = randomUUID(),
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: { ...headers, "idempotency-key": idempotencyKey },
    payload: body,
  });
}
