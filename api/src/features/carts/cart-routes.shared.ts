import type { FastifyInstance } from "fastify";

import { problemResponse } from "../products/problem.schemas.js";
import { createCartService, type CartService } from "./carts.service.js";
import { maxLineQuantity } from "./cart-view.js";

/** Builds the cart service from the app's database, clock and config. */
export function buildCartService(app: FastifyInstance): CartService {
  return createCartService({
    db: app.database.db,
    now: app.now,
    settings: {
      tax: {
        taxRateBasisPoints: app.config.taxRateBasisPoints,
        pricesIncludeTax: app.config.pricesIncludeTax,
      },
      currency: app.config.currency,
    },
  });
}

/** The error responses shared by the routes that change a cart's lines. */
export const cartWriteProblems = {
  400: problemResponse(
    `A field is invalid, such as a quantity that is not a whole number from 1 to ${maxLineQuantity}, or a line that would exceed ${maxLineQuantity}.`,
  ),
  409: problemResponse(
    "INSUFFICIENT_STOCK: more than the stock on hand; the problem's `available` member says how many are left. VARIANT_UNAVAILABLE: the variant is no longer sold.",
  ),
};
