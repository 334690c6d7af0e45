// The checkout state in the encrypted session: the chosen address, shipping
// method and payment method, and the coupon applied on the review page.
// Card details are never part of it, because they exist only in the final
// form's request. After an order is placed the choices go, and the order's
// number stays under its Idempotency-Key, so that a repeated final form
// finds the order.
import type { FastifyRequest } from "fastify";

import type {
  PaymentMethodCode,
  TypedShippingAddress,
} from "../../api/orders.js";

/** The shipping address: an entry of the address book or one typed in. */
export type ChosenAddress =
  | { kind: "saved"; id: string }
  | { kind: "typed"; address: TypedShippingAddress };

export interface CheckoutState {
  address?: ChosenAddress;
  /** Code of a method from GET /shipping-methods. */
  shippingMethod?: string;
  paymentMethod?: PaymentMethodCode;
  /** The coupon applied on the review page, as the API spells it. */
  couponCode?: string;
  /** The last order placed from this session and the key that placed it. */
  placedOrder?: { idempotencyKey: string; number: string };
}

declare module "@fastify/secure-session" {
  interface SessionData {
    /** The checkout choices made so far; never card details. */
    checkout: CheckoutState;
  }
}

/** The checkout steps in order. */
export const checkoutSteps = [
  { name: "address", title: "Address", path: "/checkout/address" },
  { name: "shipping", title: "Shipping", path: "/checkout/shipping" },
  { name: "payment", title: "Payment", path: "/checkout/payment" },
  { name: "review", title: "Review and place", path: "/checkout/review" },
] as const;

export type CheckoutStepName = (typeof checkoutSteps)[number]["name"];

/** Returns the session's checkout choices; empty before the first step. */
export function readCheckoutState(request: FastifyRequest): CheckoutState {
  return request.session.get("checkout") ?? {};
}

/** Merges `changes` into the session's checkout choices. */
export function updateCheckoutState(
  request: FastifyRequest,
  changes: Partial<CheckoutState>,
): void {
  request.session.set("checkout", {
    ...readCheckoutState(request),
    ...changes,
  });
}

/** Forgets the choices and remembers the order they placed. */
export function finishCheckout(
  request: FastifyRequest,
  placedOrder: { idempotencyKey: string; number: string },
): void {
  request.session.set("checkout", { placedOrder });
}

/** Returns the first step whose choice is missing, or "review". */
export function firstStepNotDone(state: CheckoutState): CheckoutStepName {
  if (state.address === undefined) return "address";
  if (state.shippingMethod === undefined) return "shipping";
  if (state.paymentMethod === undefined) return "payment";
  return "review";
}

/** Returns the path of the step `name`. */
export function stepPath(name: CheckoutStepName): string {
  const step = checkoutSteps.find((candidate) => candidate.name === name);
  return step?.path ?? "/checkout";
}

export interface StepLink {
  title: string;
  path: string;
  isCurrent: boolean;
  /** True for steps the shopper may open: those done and the next one. */
  isReachable: boolean;
}

/** Builds the list of steps shown at the top of each step page. */
export function buildStepLinks(
  state: CheckoutState,
  current: CheckoutStepName,
): StepLink[] {
  const names = checkoutSteps.map((step) => step.name);
  const reachableUpTo = names.indexOf(firstStepNotDone(state));
  return checkoutSteps.map((step, index) => ({
    title: step.title,
    path: step.path,
    isCurrent: step.name === current,
    isReachable: index <= reachableUpTo,
  }));
}
