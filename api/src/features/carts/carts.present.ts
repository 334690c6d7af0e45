import type { CouponRow } from "../coupons/coupons.service.js";
import type { CartView } from "./cart-view.js";
import type { MergeNotice } from "./cart-merge.js";
import type { CartResponse } from "./carts.schemas.js";

/** Maps the coupon a cart was priced with to the API's object. */
function presentAppliedCoupon(coupon: CouponRow): CartResponse["coupon"] {
  return {
    code: coupon.code,
    kind: coupon.kind,
    percent_off: coupon.kind === "percentage" ? coupon.percentOff : null,
    amount_off: coupon.kind === "fixed" ? coupon.amountOff : null,
    minimum_subtotal: coupon.minimumSubtotal,
  };
}

/** Maps a priced cart to the API's cart object. */
export function presentCart(cart: CartView): CartResponse {
  return {
    id: cart.id,
    items: cart.lines.map((line) => ({
      id: line.id,
      variant_id: line.variantId,
      sku: line.sku,
      product_slug: line.productSlug,
      product_name: line.productName,
      options: line.options,
      image: line.image,
      unit_price: line.unitPrice,
      quantity: line.quantity,
      line_total: line.lineTotal,
      stock_on_hand: line.stockOnHand,
      flags: line.flags,
    })),
    item_count: cart.lines.reduce((sum, line) => sum + line.quantity, 0),
    totals: {
      subtotal: cart.totals.subtotal,
      discount_total: cart.totals.discountTotal,
      shipping_total: cart.totals.shippingTotal,
      tax_total: cart.totals.taxTotal,
      total: cart.totals.total,
      currency: cart.currency,
      prices_include_tax: cart.pricesIncludeTax,
    },
    shipping_method: cart.shippingMethod,
    is_shipping_estimated: cart.isShippingEstimated,
    estimated_shipping_method: cart.shippingMethod,
    coupon: cart.coupon ? presentAppliedCoupon(cart.coupon) : null,
    updated_at: cart.updatedAt.toISOString(),
  };
}

export interface MergeNoticeResponse {
  variant_id: string;
  sku: string;
  requested_quantity: number;
  quantity: number;
  reason: MergeNotice["reason"];
  message: string;
}

/** Maps a merge notice to the API's snake_case object. */
export function presentMergeNotice(notice: MergeNotice): MergeNoticeResponse {
  return {
    variant_id: notice.variantId,
    sku: notice.sku,
    requested_quantity: notice.requestedQuantity,
    quantity: notice.quantity,
    reason: notice.reason,
    message: notice.message,
  };
}
