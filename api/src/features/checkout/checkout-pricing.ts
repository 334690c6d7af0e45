// Prices a cart for checkout. POST /orders charges these totals, and
// GET /me/cart with a shipping method and a coupon code shows them, so both
// go through priceForCheckout and cannot disagree. The coupon is checked
// for the user on the cart's subtotal (getApplicableCouponOrThrow), then
// computeOrderTotals prices the lines, the discount, the shipping method
// and the tax. Nothing here writes: taking a coupon use is part of placing
// the order.
import type { Database } from "../../db/client.js";
import { invalidField } from "../../errors.js";
import {
  getApplicableCouponOrThrow,
  toCouponTerms,
  type CouponRow,
} from "../coupons/coupons.service.js";
import {
  computeOrderTotals,
  type OrderTotals,
  type PricedLineInput,
  type TaxSettings,
} from "../pricing/pricing.js";
import {
  findCheapestShippingMethod,
  findShippingMethod,
  type ShippingMethod,
} from "../shipping/shipping-methods.js";

/** A cart's totals and the choices they were priced with. */
export interface CheckoutPricing {
  totals: OrderTotals;
  /** The method whose price `totals.shippingTotal` is. */
  shippingMethod: ShippingMethod;
  /** True when no method was chosen, so the cheapest one was priced. */
  isShippingEstimated: boolean;
  /** The coupon in `totals.discountTotal`, checked for the user. */
  coupon: CouponRow | undefined;
}

/** The shop's settings that pricing depends on. */
export interface PricingSettings {
  tax: TaxSettings;
  currency: string;
}

/** The shopper's checkout choices, each optional in a cart. */
export interface CheckoutChoices {
  shippingMethod?: ShippingMethod | undefined;
  couponCode?: string | undefined;
}

/**
 * Returns the shipping method with `code`. Throws VALIDATION_FAILED on
 * `shipping_method` for a code the shop does not have.
 */
export function getShippingMethodOrThrow(code: string): ShippingMethod {
  const method = findShippingMethod(code);
  if (method) return method;
  throw invalidField(
    "shipping_method",
    "is not a shipping method of the shop.",
  );
}

/**
 * Prices `lines` with a coupon that was already checked and the chosen
 * method. Without a method, the cheapest one for the discounted subtotal
 * is priced and the shipping is marked as estimated.
 */
export function priceLines(
  lines: readonly PricedLineInput[],
  choices: { shippingMethod?: ShippingMethod | undefined; coupon?: CouponRow },
  tax: TaxSettings,
): CheckoutPricing {
  const coupon = choices.coupon && toCouponTerms(choices.coupon);
  let shippingMethod = choices.shippingMethod;
  if (shippingMethod === undefined) {
    const goods = computeOrderTotals({ lines, coupon, tax });
    shippingMethod = findCheapestShippingMethod(
      goods.subtotal - goods.discountTotal,
    );
  }
  return {
    totals: computeOrderTotals({
      lines,
      coupon,
      shippingRate: shippingMethod,
      tax,
    }),
    shippingMethod,
    isShippingEstimated: choices.shippingMethod === undefined,
    coupon: choices.coupon,
  };
}

/**
 * Checks the coupon for the user, then prices `lines` with it and the
 * chosen method, as POST /orders charges them. Throws COUPON_NOT_APPLICABLE
 * for a coupon the user cannot use on this cart now.
 */
export async function priceForCheckout(
  db: Database,
  lines: readonly PricedLineInput[],
  choices: CheckoutChoices,
  context: { userId: string; now: Date; settings: PricingSettings },
): Promise<CheckoutPricing> {
  const { tax, currency } = context.settings;
  const coupon =
    choices.couponCode === undefined
      ? undefined
      : await getApplicableCouponOrThrow(db, choices.couponCode, {
          userId: context.userId,
          subtotal: computeOrderTotals({ lines, tax }).subtotal,
          currency,
          now: context.now,
        });
  return priceLines(
    lines,
    { shippingMethod: choices.shippingMethod, coupon },
    tax,
  );
}
