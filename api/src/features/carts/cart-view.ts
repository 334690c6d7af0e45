// A cart priced from the current catalog: each line at today's price with
// flags for what would stop checkout, and totals priced by
// checkout/checkout-pricing.ts, with the chosen shipping method and coupon
// or else the cheapest method and no coupon.
import type { CouponRow } from "../coupons/coupons.service.js";
import type {
  CheckoutPricing,
  PricingSettings,
} from "../checkout/checkout-pricing.js";
import type { OrderTotals } from "../pricing/pricing.js";
import type { CartLineRow, CartRow } from "./carts.queries.js";

/** The most units of one variant a cart line may hold. */
export const maxLineQuantity = 99;

export const cartLineFlags = [
  "out_of_stock",
  "insufficient_stock",
  "inactive",
  "price_changed",
] as const;
export type CartLineFlag = (typeof cartLineFlags)[number];

export interface CartLineView extends CartLineRow {
  image: { url: string; alt: string } | null;
  lineTotal: number;
  flags: CartLineFlag[];
}

export interface CartView {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  lines: CartLineView[];
  totals: OrderTotals;
  /** The method whose price `totals.shippingTotal` shows. */
  shippingMethod: string;
  /** True when no method was chosen, so the cheapest one was priced. */
  isShippingEstimated: boolean;
  /** The coupon in `totals.discountTotal`, or undefined. */
  coupon: CouponRow | undefined;
  currency: string;
  /** True when the prices contain `totals.taxTotal` rather than add it. */
  pricesIncludeTax: boolean;
}

/** Lists what would stop a line from being ordered, and price changes. */
export function findLineFlags(line: CartLineRow): CartLineFlag[] {
  const flags: CartLineFlag[] = [];
  if (!line.isVariantActive || !line.isProductActive) flags.push("inactive");
  if (line.stockOnHand === 0) flags.push("out_of_stock");
  else if (line.stockOnHand < line.quantity) flags.push("insufficient_stock");
  if (line.unitPrice !== line.recordedUnitPrice) flags.push("price_changed");
  return flags;
}

/** Builds the view of a cart's lines with their flags and `pricing`. */
export function buildCartView(
  cart: CartRow,
  lines: readonly CartLineRow[],
  images: ReadonlyMap<string, { url: string; alt: string }>,
  pricing: CheckoutPricing,
  settings: PricingSettings,
): CartView {
  const { totals } = pricing;
  return {
    id: cart.id,
    createdAt: cart.createdAt,
    updatedAt: cart.updatedAt,
    lines: lines.map((line, index) => ({
      ...line,
      image: images.get(line.productId) ?? null,
      lineTotal: totals.lineTotals[index] ?? 0,
      flags: findLineFlags(line),
    })),
    totals,
    shippingMethod: pricing.shippingMethod.code,
    isShippingEstimated: pricing.isShippingEstimated,
    coupon: pricing.coupon,
    currency: settings.currency,
    pricesIncludeTax: settings.tax.pricesIncludeTax,
  };
}
