// The signed-in user's cart, created on first use and priced for checkout on
// request, and the merge of a guest cart into it at sign-in.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

import { authenticate, requireUser } from "../../plugins/auth.js";
import {
  problemResponse,
  problemResponseWithMembers,
} from "../products/problem.schemas.js";
import { useProblemMembers } from "../checkout/problem-members.js";
import { couponProblemMembers } from "../coupons/coupons.schemas.js";
import { buildCartService, cartWriteProblems } from "./cart-routes.shared.js";
import { presentCart, presentMergeNotice } from "./carts.present.js";
import {
  CartItemCreateBody,
  CartItemUpdateBody,
  CartMergeBody,
  CartSchema,
  MergedCartSchema,
  MyCartItemParams,
  MyCartQuery,
} from "./carts.schemas.js";

const bearerSecurity = [{ bearerAuth: [] }];
const unauthorized = problemResponse("The access token is missing or invalid.");
const lineNotFound = problemResponse(
  "The cart has no line item with this id, or the variant is unknown.",
);

/** Registers the routes of the signed-in user's cart. */
export const myCartRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useProblemMembers(app);
  const carts = buildCartService(app);

  app.get(
    "/me/cart",
    {
      schema: {
        tags: ["carts"],
        operationId: "getMyCart",
        summary: "The current user's cart, priced from the current catalog",
        description:
          "The cart is created empty on first use. With `shipping_method` and `coupon_code`, `totals` are what POST /orders would charge now for this cart, method and coupon, because both use the same pricing and the same coupon checks (expiry, minimum subtotal, usage limit, per-customer limit). The call reserves nothing and changes nothing, so a coupon can still be used up before the order is placed.",
        security: bearerSecurity,
        querystring: MyCartQuery,
        response: {
          200: CartSchema,
          400: problemResponse(
            "A query parameter is invalid, such as a `shipping_method` the shop does not have.",
          ),
          401: unauthorized,
          409: problemResponseWithMembers(
            "COUPON_NOT_APPLICABLE: the coupon cannot be used on this cart now; `errors` has a message on `coupon_code` and the `reason` member says why, as POST /orders would.",
            couponProblemMembers,
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const cart = await carts.getCart(
        { kind: "user", userId: user.id },
        {
          shippingMethod: request.query.shipping_method,
          couponCode: request.query.coupon_code,
        },
      );
      return presentCart(cart);
    },
  );

  app.post(
    "/me/cart/items",
    {
      schema: {
        tags: ["carts"],
        operationId: "addMyCartItem",
        summary: "Add units of a variant to the current user's cart",
        security: bearerSecurity,
        body: CartItemCreateBody,
        response: {
          200: CartSchema,
          ...cartWriteProblems,
          401: unauthorized,
          404: lineNotFound,
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const cart = await carts.addItem(
        { kind: "user", userId: user.id },
        { variantId: request.body.variant_id, quantity: request.body.quantity },
      );
      return presentCart(cart);
    },
  );

  app.patch(
    "/me/cart/items/:item_id",
    {
      schema: {
        tags: ["carts"],
        operationId: "updateMyCartItem",
        summary: "Set the quantity of a line of the current user's cart",
        security: bearerSecurity,
        params: MyCartItemParams,
        body: CartItemUpdateBody,
        response: {
          200: CartSchema,
          ...cartWriteProblems,
          401: unauthorized,
          404: lineNotFound,
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const cart = await carts.updateItem(
        { kind: "user", userId: user.id },
        request.params.item_id,
        request.body.quantity,
      );
      return presentCart(cart);
    },
  );

  app.delete(
    "/me/cart/items/:item_id",
    {
      schema: {
        tags: ["carts"],
        operationId: "removeMyCartItem",
        summary: "Remove a line from the current user's cart",
        security: bearerSecurity,
        params: MyCartItemParams,
        response: { 200: CartSchema, 401: unauthorized, 404: lineNotFound },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const cart = await carts.removeItem(
        { kind: "user", userId: user.id },
        request.params.item_id,
      );
      return presentCart(cart);
    },
  );

  app.post(
    "/me/cart/merge",
    {
      schema: {
        tags: ["carts"],
        operationId: "mergeGuestCart",
        summary: "Merge a guest cart into the current user's cart",
        description:
          "Adds each guest line to the user's cart (quantities added, capped at the stock on hand and the line maximum, with a notice per capped line) and deletes the guest cart, in one transaction. When the guest cart is gone (already merged, or a wrong token) the user's cart is returned unchanged with no notices, so a repeated call is harmless.",
        security: bearerSecurity,
        body: CartMergeBody,
        response: {
          200: MergedCartSchema,
          400: problemResponse("A field is missing or invalid."),
          401: unauthorized,
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const { cart, notices } = await carts.mergeGuestCart(user.id, {
        cartId: request.body.cart_id,
        token: request.body.cart_token,
      });
      return { ...presentCart(cart), notices: notices.map(presentMergeNotice) };
    },
  );
};
