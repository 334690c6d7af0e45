// Guest carts. The creating request gets the cart's secret token once; every
// later request presents it in X-Cart-Token.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

import { problemResponse } from "../products/problem.schemas.js";
import { useProblemMembers } from "../checkout/problem-members.js";
import { buildCartService, cartWriteProblems } from "./cart-routes.shared.js";
import { presentCart } from "./carts.present.js";
import {
  CartItemCreateBody,
  CartItemUpdateBody,
  CartSchema,
  CartTokenHeaders,
  CreatedGuestCartSchema,
  GuestCartItemParams,
  GuestCartParams,
} from "./carts.schemas.js";

const cartNotFound = problemResponse(
  "No cart has this id, or X-Cart-Token is missing or wrong.",
);
const lineNotFound = problemResponse(
  "The cart, or the line item or variant, is not found; a missing or wrong X-Cart-Token counts as an unknown cart.",
);

/** Registers the guest cart routes. */
export const cartRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useProblemMembers(app);
  const carts = buildCartService(app);

  app.post(
    "/carts",
    {
      schema: {
        tags: ["carts"],
        operationId: "createGuestCart",
        summary: "Create an empty guest cart",
        description:
          "Returns the cart with its secret `token`; keep the token, because every later call on the cart needs it in X-Cart-Token.",
        response: { 201: CreatedGuestCartSchema },
      },
    },
    async (_request, reply) => {
      const { cart, token } = await carts.createGuestCart();
      return reply.code(201).send({ ...presentCart(cart), token });
    },
  );

  app.get(
    "/carts/:id",
    {
      schema: {
        tags: ["carts"],
        operationId: "getGuestCart",
        summary: "A guest cart, priced from the current catalog",
        params: GuestCartParams,
        headers: CartTokenHeaders,
        response: { 200: CartSchema, 404: cartNotFound },
      },
    },
    async (request) => {
      const cart = await carts.getCart({
        kind: "guest",
        cartId: request.params.id,
        token: request.headers["x-cart-token"],
      });
      return presentCart(cart);
    },
  );

  app.post(
    "/carts/:id/items",
    {
      schema: {
        tags: ["carts"],
        operationId: "addGuestCartItem",
        summary: "Add units of a variant to a guest cart",
        params: GuestCartParams,
        headers: CartTokenHeaders,
        body: CartItemCreateBody,
        response: { 200: CartSchema, ...cartWriteProblems, 404: lineNotFound },
      },
    },
    async (request) => {
      const cart = await carts.addItem(
        {
          kind: "guest",
          cartId: request.params.id,
          token: request.headers["x-cart-token"],
        },
        { variantId: request.body.variant_id, quantity: request.body.quantity },
      );
      return presentCart(cart);
    },
  );

  app.patch(
    "/carts/:id/items/:item_id",
    {
      schema: {
        tags: ["carts"],
        operationId: "updateGuestCartItem",
        summary: "Set the quantity of a guest cart's line",
        params: GuestCartItemParams,
        headers: CartTokenHeaders,
        body: CartItemUpdateBody,
        response: { 200: CartSchema, ...cartWriteProblems, 404: lineNotFound },
      },
    },
    async (request) => {
      const cart = await carts.updateItem(
        {
          kind: "guest",
          cartId: request.params.id,
          token: request.headers["x-cart-token"],
        },
        request.params.item_id,
        request.body.quantity,
      );
      return presentCart(cart);
    },
  );

  app.delete(
    "/carts/:id/items/:item_id",
    {
      schema: {
        tags: ["carts"],
        operationId: "removeGuestCartItem",
        summary: "Remove a line from a guest cart",
        params: GuestCartItemParams,
        headers: CartTokenHeaders,
        response: { 200: CartSchema, 404: lineNotFound },
      },
    },
    async (request) => {
      const cart = await carts.removeItem(
        {
          kind: "guest",
          cartId: request.params.id,
          token: request.headers["x-cart-token"],
        },
        request.params.item_id,
      );
      return presentCart(cart);
    },
  );
};
