import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";

import { shippingMethods } from "./shipping-methods.js";

const ShippingMethodSchema = Type.Object(
  {
    code: Type.String({
      description: "The method's code, sent as `shipping_method` at checkout.",
    }),
    name: Type.String({ description: "The method's display name." }),
    description: Type.String({ description: "A sentence for shoppers." }),
    price: Type.Integer({
      description: "Flat price per order, in minor units of `currency`.",
    }),
    free_from_subtotal: Type.Union([Type.Integer(), Type.Null()], {
      description:
        "Subtotal after discount, in minor units, from which the method is free; null when it never is.",
    }),
    currency: Type.String({ description: "ISO 4217 code of the prices." }),
    delivery_days_min: Type.Integer({
      description: "Fewest business days from dispatch to delivery.",
    }),
    delivery_days_max: Type.Integer({
      description: "Most business days from dispatch to delivery.",
    }),
  },
  { $id: "ShippingMethod", description: "A way the shop ships orders." },
);

const ShippingMethodList = Type.Object({
  results: Type.Array(ShippingMethodSchema, {
    description: "Every shipping method, in the shop's order.",
  }),
});

/** Registers the public list of shipping methods. */
export const shippingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const currency = app.config.currency;

  app.get(
    "/shipping-methods",
    {
      schema: {
        tags: ["checkout"],
        operationId: "listShippingMethods",
        summary: "The shop's shipping methods and their prices",
        response: { 200: ShippingMethodList },
      },
    },
    async () => ({
      results: shippingMethods.map((method) => ({
        code: method.code,
        name: method.name,
        description: method.description,
        price: method.flatRate,
        free_from_subtotal: method.freeFromSubtotal,
        currency,
        delivery_days_min: method.deliveryDaysMin,
        delivery_days_max: method.deliveryDaysMax,
      })),
    }),
  );
};
