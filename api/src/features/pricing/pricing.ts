// Order arithmetic as pure functions: no database, no clock. Every amount is
// an integer in minor units of one currency. The order of the steps is:
//
//   line total  = unit price × quantity
//   subtotal    = Σ line totals
//   discount    = the coupon's share of the subtotal, never above it
//   shipping    = the method's flat rate, or 0 from its free threshold
//                 (compared with subtotal − discount)
//   taxable     = subtotal − discount + shipping
//   tax         = taxable × rate / (1 + rate) when prices include tax,
//                 taxable × rate otherwise
//   total       = taxable (+ tax when prices exclude it)
//
// Tax is computed once per order on the taxable amount and rounded once,
// half to even (rounding.ts); lines are never taxed one by one, so the
// total cannot drift by a cent per line.
import { scaleRoundHalfEven } from "./rounding.js";

/** A cart or order line as priced: its unit price and quantity. */
export interface PricedLineInput {
  unitPrice: number;
  quantity: number;
}

/** The tax settings that apply to the shop's prices. */
export interface TaxSettings {
  /** The rate in basis points: 2000 is 20 %. */
  taxRateBasisPoints: number;
  /** True when catalog prices already contain the tax. */
  pricesIncludeTax: boolean;
}

/** The discount a coupon gives, with the subtotal it needs. */
export type CouponTerms =
  | { kind: "percentage"; percentOff: number; minimumSubtotal: number }
  | { kind: "fixed"; amountOff: number; minimumSubtotal: number };

/** A shipping method's price rule. */
export interface ShippingRate {
  flatRate: number;
  /** Subtotal after discount from which shipping is free; null for never. */
  freeFromSubtotal: number | null;
}

export interface OrderTotals {
  /** One total per input line, in the same order. */
  lineTotals: number[];
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
}

export interface OrderTotalsInput {
  lines: readonly PricedLineInput[];
  coupon?: CouponTerms | undefined;
  /** The chosen shipping method; undefined prices shipping at 0. */
  shippingRate?: ShippingRate | undefined;
  tax: TaxSettings;
}

const basisPointsPerUnit = 10_000;

function assertSafeAmount(name: string, amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(
      `${name} must be a non-negative safe integer, got ${amount}`,
    );
  }
}

/** Multiplies a line's unit price by its quantity. */
export function computeLineTotal(line: PricedLineInput): number {
  const total = line.unitPrice * line.quantity;
  assertSafeAmount("line total", total);
  return total;
}

/** Adds up line totals. */
export function computeSubtotal(lineTotals: readonly number[]): number {
  const subtotal = lineTotals.reduce((sum, amount) => sum + amount, 0);
  assertSafeAmount("subtotal", subtotal);
  return subtotal;
}

/** Returns true when `subtotal` reaches the coupon's minimum subtotal. */
export function meetsMinimumSubtotal(
  subtotal: number,
  coupon: CouponTerms,
): boolean {
  return subtotal >= coupon.minimumSubtotal;
}

/**
 * Computes a coupon's discount on `subtotal`: 0 below its minimum subtotal,
 * and never more than the subtotal itself. Percentages are rounded half to
 * even.
 */
export function computeDiscount(
  subtotal: number,
  coupon: CouponTerms | undefined,
): number {
  if (!coupon || !meetsMinimumSubtotal(subtotal, coupon)) return 0;
  const discount =
    coupon.kind === "percentage"
      ? scaleRoundHalfEven(subtotal, coupon.percentOff, 100)
      : coupon.amountOff;
  return Math.min(discount, subtotal);
}

/**
 * Computes the shipping price for goods worth `discountedSubtotal`: the
 * flat rate, or 0 from the method's free threshold. An order without lines
 * ships nothing, so it costs 0.
 */
export function computeShipping(
  rate: ShippingRate | undefined,
  discountedSubtotal: number,
  options: { hasLines: boolean },
): number {
  if (!rate || !options.hasLines) return 0;
  const isFree =
    rate.freeFromSubtotal !== null &&
    discountedSubtotal >= rate.freeFromSubtotal;
  return isFree ? 0 : rate.flatRate;
}

/**
 * Computes the tax on `taxableAmount`, rounded once, half to even. With
 * tax-inclusive prices this is the tax contained in the amount; otherwise
 * it is the tax to add on top.
 */
export function computeTax(taxableAmount: number, tax: TaxSettings): number {
  const rate = tax.taxRateBasisPoints;
  const denominator = tax.pricesIncludeTax
    ? basisPointsPerUnit + rate
    : basisPointsPerUnit;
  return scaleRoundHalfEven(taxableAmount, rate, denominator);
}

/** Computes every total of an order or cart from its lines and choices. */
export function computeOrderTotals(input: OrderTotalsInput): OrderTotals {
  const lineTotals = input.lines.map(computeLineTotal);
  const subtotal = computeSubtotal(lineTotals);
  const discountTotal = computeDiscount(subtotal, input.coupon);
  const shippingTotal = computeShipping(
    input.shippingRate,
    subtotal - discountTotal,
    { hasLines: input.lines.length > 0 },
  );
  const taxableAmount = subtotal - discountTotal + shippingTotal;
  const taxTotal = computeTax(taxableAmount, input.tax);
  const total = input.tax.pricesIncludeTax
    ? taxableAmount
    : taxableAmount + taxTotal;
  assertSafeAmount("total", total);
  return {
    lineTotals,
    subtotal,
    discountTotal,
    shippingTotal,
    taxTotal,
    total,
  };
}
