// The shop's shipping methods, as a code table. Prices are minor units of
// the shop currency (SHOP_CURRENCY); the free threshold is compared with the
// subtotal after discount. Changing a method here changes new orders only,
// because every order stores its shipping method and shipping total.
import type { ShippingRate } from "../pricing/pricing.js";

export interface ShippingMethod extends ShippingRate {
  code: string;
  name: string;
  description: string;
  /** Business days from dispatch to delivery, as shown to shoppers. */
  deliveryDaysMin: number;
  deliveryDaysMax: number;
}

export const shippingMethods: readonly ShippingMethod[] = [
  {
    code: "standard",
    name: "Standard delivery",
    description: "Tracked parcel.",
    flatRate: 499,
    freeFromSubtotal: 5000,
    deliveryDaysMin: 3,
    deliveryDaysMax: 5,
  },
  {
    code: "express",
    name: "Express delivery",
    description: "Next-day tracked parcel.",
    flatRate: 1299,
    freeFromSubtotal: null,
    deliveryDaysMin: 1,
    deliveryDaysMax: 1,
  },
];

export const shippingMethodCodes = shippingMethods.map((method) => method.code);

export function findShippingMethod(code: string): ShippingMethod | undefined {
  return shippingMethods.find((method) => method.code === code);
}

/**
 * Returns the method that costs least for goods worth `discountedSubtotal`,
 * which carts use to estimate shipping before the shopper chooses.
 */
export function findCheapestShippingMethod(
  discountedSubtotal: number,
): ShippingMethod {
  const priceOf = (method: ShippingMethod): number =>
    method.freeFromSubtotal !== null &&
    discountedSubtotal >= method.freeFromSubtotal
      ? 0
      : method.flatRate;
  const [first, ...rest] = shippingMethods;
  if (!first) throw new Error("no shipping method is configured");
  return rest.reduce(
    (cheapest, method) =>
      priceOf(method) < priceOf(cheapest) ? method : cheapest,
    first,
  );
}
