// Checkout and the signed-in user's orders.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

import { authenticate, requireUser } from "../../plugins/auth.js";
import { createCheckoutService } from "../checkout/checkout.service.js";
import { hashCheckoutRequest } from "../checkout/idempotency.js";
import { useProblemMembers } from "../checkout/problem-members.js";
import { couponProblemMembers } from "../coupons/coupons.schemas.js";
import {
  problemResponse,
  problemResponseWithMembers,
} from "../products/problem.schemas.js";
import { presentOrder, presentOrderList } from "./orders.present.js";
import {
  CheckoutBody,
  CheckoutHeaders,
  OrderListQuery,
  OrderListSchema,
  OrderNumberParams,
  OrderSchema,
  statusTransitionMembers,
} from "./orders.schemas.js";
import { createOrderService } from "./orders.service.js";

const bearerSecurity = [{ bearerAuth: [] }];
const unauthorized = problemResponse("The access token is missing or invalid.");
const orderNotFound = problemResponse(
  "The user has no order with this number.",
);

function readCheckoutRequest(body: CheckoutBody, idempotencyKey: string) {
  const address = body.shipping_address;
  return {
    idempotencyKey,
    requestHash: hashCheckoutRequest(body),
    shippingAddress: address && {
      name: address.name,
      line1: address.line1,
      line2: address.line2,
      city: address.city,
      region: address.region,
      postalCode: address.postal_code,
      country: address.country,
      phone: address.phone,
    },
    shippingAddressId: body.shipping_address_id,
    shippingMethod: body.shipping_method,
    paymentMethod: body.payment_method,
    card: body.card && {
      number: body.card.number,
      expMonth: body.card.exp_month,
      expYear: body.card.exp_year,
      cvc: body.card.cvc,
    },
    couponCode: body.coupon_code,
    expectedTotal: body.expected_total,
  };
}

/** Registers checkout and the routes of the user's orders. */
export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useProblemMembers(app);
  const onStockChanged = (): void => app.catalogCache.clear();
  const checkout = createCheckoutService({
    db: app.database.db,
    now: app.now,
    config: app.config,
    mail: app.mail,
    onStockChanged,
  });
  const orders = createOrderService({
    db: app.database.db,
    now: app.now,
    mail: app.mail,
    onStockChanged,
  });

  app.post(
    "/orders",
    {
      schema: {
        tags: ["orders"],
        operationId: "placeOrder",
        summary: "Place an order from the current user's cart",
        description:
          "Checks every line again, takes the stock, charges the payment, records the order and empties the cart, all in one transaction: when anything fails nothing changes. A repeated Idempotency-Key with the same body returns the first order with 200.",
        security: bearerSecurity,
        headers: CheckoutHeaders,
        body: CheckoutBody,
        response: {
          200: OrderSchema,
          201: OrderSchema,
          400: problemResponse(
            "Idempotency-Key or a field is missing or invalid, such as a card number that fails the Luhn check or an expired card.",
          ),
          401: unauthorized,
          402: problemResponse(
            "PAYMENT_DECLINED or INSUFFICIENT_FUNDS: the card was refused; nothing changed.",
          ),
          403: problemResponse(
            "EMAIL_NOT_VERIFIED: the shop requires a verified email address.",
          ),
          404: problemResponse("shipping_address_id is not the user's."),
          409: problemResponseWithMembers(
            "CART_EMPTY; INSUFFICIENT_STOCK or VARIANT_UNAVAILABLE with `errors` naming every failing line (`items[<line id>]`) and an `items` member; TOTAL_CHANGED with the new `total`; COUPON_NOT_APPLICABLE with an error on `coupon_code` and the `reason` member.",
            couponProblemMembers,
          ),
          422: problemResponse(
            "IDEMPOTENCY_KEY_REUSED: the key was used with a different body.",
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      const placed = await checkout.placeOrder(
        user.id,
        readCheckoutRequest(request.body, request.headers["idempotency-key"]),
        request.log,
      );
      const detail = await orders.getOrderOrThrow(user.id, placed.order.number);
      return reply.code(placed.isReplay ? 200 : 201).send(presentOrder(detail));
    },
  );

  app.get(
    "/orders",
    {
      schema: {
        tags: ["orders"],
        operationId: "listMyOrders",
        summary: "The current user's orders, newest first",
        security: bearerSecurity,
        querystring: OrderListQuery,
        response: {
          200: OrderListSchema,
          400: problemResponse("A query parameter is invalid."),
          401: unauthorized,
          404: problemResponse("PAGE_NOT_FOUND: the page is past the last."),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const page = await orders.listOrders(
        user.id,
        request.query.page,
        request.query.page_size,
      );
      return presentOrderList(page, "/api/v1/orders");
    },
  );

  app.get(
    "/orders/:number",
    {
      schema: {
        tags: ["orders"],
        operationId: "getMyOrder",
        summary: "One of the current user's orders",
        description: "Another user's order is not found (404).",
        security: bearerSecurity,
        params: OrderNumberParams,
        response: { 200: OrderSchema, 401: unauthorized, 404: orderNotFound },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      return presentOrder(
        await orders.getOrderOrThrow(user.id, request.params.number),
      );
    },
  );

  app.post(
    "/orders/:number/cancel",
    {
      schema: {
        tags: ["orders"],
        operationId: "cancelMyOrder",
        summary: "Cancel one of the current user's orders",
        description:
          "Allowed while the order is pending or paid. The stock goes back, a paid order is refunded and the coupon use is given back, in one transaction.",
        security: bearerSecurity,
        params: OrderNumberParams,
        response: {
          200: OrderSchema,
          401: unauthorized,
          404: orderNotFound,
          409: problemResponseWithMembers(
            "INVALID_STATUS_TRANSITION: the order's status, named in `detail` and in the `order_status` member, does not allow it.",
            statusTransitionMembers,
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const detail = await orders.cancelOrder(
        user.id,
        request.params.number,
        request.log,
      );
      return presentOrder(detail);
    },
  );
};
