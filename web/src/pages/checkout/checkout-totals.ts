// The totals the checkout pages show. The review page shows the API's own
// totals for the cart priced with the chosen shipping method and the applied
// coupon (GET /me/cart with shipping_method and coupon_code), which are
// what POST /orders charges. The shipping step prices each method for the
// cart with the method's rule from GET /shipping-methods.
import type { Cart } from "../../api/carts.js";
import type { ShippingMethod } from "../../api/orders.js";

export interface ReviewTotals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  currency: string;
  /** True when the prices contain the tax rather than add it. */
  isTaxIncluded: boolean;
  /** The coupon in `discount`, as the API spells it; undefined for none. */
  couponCode: string | undefined;
}

/** Returns what `method` costs for goods worth `discountedSubtotal`. */
export function shippingPriceOf(
  method: ShippingMethod,
  discountedSubtotal: number,
): number {
  const isFree =
    method.free_from_subtotal !== null &&
    discountedSubtotal >= method.free_from_subtotal;
  return isFree ? 0 : method.price;
}

/** Returns the review page's totals of a cart the API priced for checkout. */
export function toReviewTotals(cart: Cart): ReviewTotals {
  const { totals } = cart;
  return {
    subtotal: totals.subtotal,
    discount: totals.discount_total,
    shipping: totals.shipping_total,
    tax: totals.tax_total,
    total: totals.total,
    currency: totals.currency,
    isTaxIncluded: totals.prices_include_tax,
    couponCode: cart.coupon?.code,
  };
}
