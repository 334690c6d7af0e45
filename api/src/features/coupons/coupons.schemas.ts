// Coupon parts of the request and problem schemas that the cart and order
// routes share.
import { Type } from "@sinclair/typebox";

import { couponRejectionReasons } from "./coupons.service.js";

/** The maximum length of a coupon code in a request. */
export const maxCouponCodeLength = 50;

/** The extension members of COUPON_NOT_APPLICABLE problems. */
export const couponProblemMembers = {
  reason: Type.Optional(
    Type.Unsafe<(typeof couponRejectionReasons)[number]>({
      type: "string",
      enum: [...couponRejectionReasons],
      description:
        "COUPON_NOT_APPLICABLE only: `unknown` (no such code, or withdrawn), `expired`, `other_currency`, `used_up` (its usage limit is reached), `customer_limit_reached` (this user has used it as often as one customer may) or `minimum_subtotal_not_met`.",
    }),
  ),
  minimum_subtotal: Type.Optional(
    Type.Integer({
      description:
        "With `minimum_subtotal_not_met`: the subtotal the coupon needs, in minor units of `currency`.",
    }),
  ),
  subtotal: Type.Optional(
    Type.Integer({
      description:
        "With `minimum_subtotal_not_met`: the cart's subtotal, in minor units of `currency`.",
    }),
  ),
  currency: Type.Optional(
    Type.String({
      description: "ISO 4217 code of the amounts in the other members.",
    }),
  ),
};
