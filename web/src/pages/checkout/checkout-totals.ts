// The totals the review page shows before the order is placed. The API
// prices a cart's shipping with the cheapest method. When the shopper chose
// another one, the shipping line, the tax and the total are priced again
// here from the cart's own figures and the chosen method's price.
//
// NOTE: the API has no call that prices a cart with a chosen shipping
// method, so the web derives the tax rate from the cart's tax (the API's
// rule: one tax on subtotal − discount + shipping, rounded half to even).
// When the cart's figures fit several rates that disagree, the roundest
// rate is taken and the tax is marked as an estimate. The API checks the total sent as `expected_total` and returns
// TOTAL_CHANGED with its own figure when the two differ.
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
  /** True when the tax could not be derived exactly from the cart. */
  isTaxEstimated: boolean;
}

const basisPointsPerUnit = 10_000n;
/** The highest rate the API accepts in TAX_RATE_BASIS_POINTS (100 %). */
const maxTaxRateBasisPoints = 10_000;

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

/** Divides two non-negative integers, rounding half to even. */
function divideRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder < denominator) return quotient;
  if (twiceRemainder > denominator) return quotient + 1n;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** Returns the tax on `taxable` at `rate` basis points, as the API rounds it. */
export function computeTax(
  taxable: number,
  rate: number,
  isTaxIncluded: boolean,
): number {
  const rateBig = BigInt(rate);
  const denominator = isTaxIncluded
    ? basisPointsPerUnit + rateBig
    : basisPointsPerUnit;
  return Number(divideRoundHalfEven(BigInt(taxable) * rateBig, denominator));
}

/** Steps of tax rates, coarsest first: 10 %, 5 %, 1 %, 0.5 % and finer. */
const rateSteps = [1000, 500, 100, 50, 25, 10, 5, 1];

/** Returns how coarse a rate's step is: 1000 for 20 %, 1 for 20.01 %. */
function rateCoarseness(rate: number): number {
  return rateSteps.find((step) => rate % step === 0) ?? 1;
}

/**
 * Returns the tax on `newTaxable` at the rates that give `known.tax` on
 * `known.taxable`: the distinct taxes, and the one at the roundest such
 * rate (shops charge rates such as 20 % or 7.5 %, rarely 20.03 %).
 */
function deriveTaxes(
  known: { taxable: number; tax: number },
  newTaxable: number,
  isTaxIncluded: boolean,
): { taxes: Set<number>; likeliest: number | undefined } {
  const taxes = new Set<number>();
  let likeliest: { tax: number; coarseness: number } | undefined;
  for (let rate = 0; rate <= maxTaxRateBasisPoints; rate += 1) {
    if (computeTax(known.taxable, rate, isTaxIncluded) !== known.tax) continue;
    const tax = computeTax(newTaxable, rate, isTaxIncluded);
    taxes.add(tax);
    const coarseness = rateCoarseness(rate);
    if (likeliest === undefined || coarseness > likeliest.coarseness) {
      likeliest = { tax, coarseness };
    }
  }
  return { taxes, likeliest: likeliest?.tax };
}

/** Prices the cart with the chosen shipping method. */
export function computeReviewTotals(
  cart: Cart,
  method: ShippingMethod,
): ReviewTotals {
  const { subtotal, discount_total: discount, currency } = cart.totals;
  const cartShipping = cart.totals.shipping_total;
  // The API adds the tax to the total only when prices exclude it.
  const isTaxIncluded =
    cart.totals.total === subtotal - discount + cartShipping;
  const shipping = shippingPriceOf(method, subtotal - discount);
  const base = { subtotal, discount, shipping, currency, isTaxIncluded };

  if (shipping === cartShipping) {
    const { tax_total: tax, total } = cart.totals;
    return { ...base, tax, total, isTaxEstimated: false };
  }

  const taxable = subtotal - discount + shipping;
  const known = {
    taxable: subtotal - discount + cartShipping,
    tax: cart.totals.tax_total,
  };
  const derived = deriveTaxes(known, taxable, isTaxIncluded);
  // When no rate up to 100 % fits, the API's tax rule has changed, so the
  // cart's tax is scaled instead.
  const tax =
    derived.likeliest ??
    Math.round((known.tax * taxable) / Math.max(known.taxable, 1));
  const total = isTaxIncluded ? taxable : taxable + tax;
  return { ...base, tax, total, isTaxEstimated: derived.taxes.size !== 1 };
}
