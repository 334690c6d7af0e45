// A cart priced from the current catalog: each line at today's price with
// flags for what would stop checkout, and totals with shipping estimated
// with the cheapest method.
import {
  computeOrderTotals,
  type OrderTotals,
  type TaxSettings,
} from "../pricing/pricing.js";
import { findCheapestShippingMethod } from "../shipping/shipping-methods.js";
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
  estimatedShippingMethod: string;
  currency: string;
}

export interface CartPricingSettings {
  tax: TaxSettings;
  currency: string;
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

/** Prices a cart's lines and estimates shipping with the cheapest method. */
export function buildCartView(
  cart: CartRow,
  lines: readonly CartLineRow[],
  images: ReadonlyMap<string, { url: string; alt: string }>,
  settings: CartPricingSettings,
): CartView {
  const priced = computeOrderTotals({ lines, tax: settings.tax });
  const shippingMethod = findCheapestShippingMethod(
    priced.subtotal - priced.discountTotal,
  );
  const totals = computeOrderTotals({
    lines,
    shippingRate: shippingMethod,
    tax: settings.tax,
  });
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
    estimatedShippingMethod: shippingMethod.code,
    currency: settings.currency,
  };
}
