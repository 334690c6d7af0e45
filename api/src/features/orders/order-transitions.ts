// The order life cycle as data: which status may follow which. Checkout
// writes the first status; the customer may cancel; the back office will
// use the same table for its transitions.
import type { OrderStatus } from "../../db/schema.js";
import { AppErrorWithMembers } from "../../errors.js";

export const orderTransitions: Readonly<
  Record<OrderStatus, readonly OrderStatus[]>
> = {
  pending: ["paid", "cancelled"],
  paid: ["fulfilled", "cancelled", "refunded"],
  fulfilled: ["delivered", "refunded"],
  delivered: ["refunded"],
  cancelled: [],
  refunded: [],
};

/** The statuses from which a customer may cancel their own order. */
export const customerCancellableStatuses: readonly OrderStatus[] = [
  "pending",
  "paid",
];

export function isTransitionAllowed(
  from: OrderStatus,
  to: OrderStatus,
): boolean {
  return orderTransitions[from].includes(to);
}

/**
 * Throws INVALID_STATUS_TRANSITION, naming the current status in `detail`
 * and in the `order_status` member, unless `from` may become `to` and, when
 * given, `from` is one of `allowedFrom`.
 */
export function assertTransitionAllowed(
  from: OrderStatus,
  to: OrderStatus,
  options: { allowedFrom?: readonly OrderStatus[] } = {},
): void {
  const isAllowedHere = options.allowedFrom?.includes(from) ?? true;
  if (isAllowedHere && isTransitionAllowed(from, to)) return;
  throw new AppErrorWithMembers(
    "INVALID_STATUS_TRANSITION",
    `The order is ${from}, so it cannot become ${to}.`,
    { order_status: from },
  );
}
