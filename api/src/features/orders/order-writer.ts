// Writes a new order with its line snapshots and first status entry. The
// caller runs it inside the checkout transaction.
import { randomUUID } from "node:crypto";

import type { Database } from "../../db/client.js";
import type { OrderAddress, OrderStatus } from "../../db/schema.js";
import type { CartLineRow } from "../carts/carts.queries.js";
import type { CouponRow } from "../coupons/coupons.queries.js";
import type { ChargeResult } from "../payments/payment-providers.js";
import type { OrderTotals, TaxSettings } from "../pricing/pricing.js";
import { generateOrderNumber } from "./order-number.js";
import {
  insertOrder,
  insertOrderLines,
  insertStatusHistory,
  type OrderRow,
} from "./orders.queries.js";

export interface NewOrder {
  userId: string;
  email: string;
  lines: readonly CartLineRow[];
  totals: OrderTotals;
  tax: TaxSettings;
  currency: string;
  shippingMethod: string;
  shippingAddress: OrderAddress;
  coupon: CouponRow | undefined;
  paymentMethod: string;
  payment: ChargeResult;
  now: Date;
}

/** How often a clashing order number is drawn again before giving up. */
const maxNumberAttempts = 5;

function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some(
    (candidate) =>
      typeof candidate === "object" &&
      candidate !== null &&
      (candidate as { code?: unknown }).code === "23505",
  );
}

/**
 * Inserts the order row under a fresh random number. Each attempt runs in
 * a savepoint, so a number clash (one in 2^50 per pair of orders) does not
 * abort the checkout transaction.
 */
async function insertOrderWithNumber(
  tx: Database,
  row: Omit<Parameters<typeof insertOrder>[1], "number">,
): Promise<OrderRow> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await tx.transaction((savepoint) =>
        insertOrder(savepoint, { ...row, number: generateOrderNumber() }),
      );
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= maxNumberAttempts)
        throw error;
    }
  }
}

/** Writes the order, its line snapshots and its first status entry. */
export async function insertNewOrder(
  tx: Database,
  order: NewOrder,
): Promise<OrderRow> {
  const status: OrderStatus =
    order.payment.paymentStatus === "captured" ? "paid" : "pending";
  const inserted = await insertOrderWithNumber(tx, {
    id: randomUUID(),
    userId: order.userId,
    email: order.email,
    status,
    currency: order.currency,
    subtotal: order.totals.subtotal,
    discountTotal: order.totals.discountTotal,
    shippingTotal: order.totals.shippingTotal,
    taxTotal: order.totals.taxTotal,
    total: order.totals.total,
    pricesIncludeTax: order.tax.pricesIncludeTax,
    taxRateBasisPoints: order.tax.taxRateBasisPoints,
    shippingMethod: order.shippingMethod,
    shippingAddress: order.shippingAddress,
    couponId: order.coupon?.id ?? null,
    couponCode: order.coupon?.code ?? null,
    paymentMethod: order.paymentMethod,
    paymentStatus: order.payment.paymentStatus,
    paymentReference: order.payment.reference,
    cardLast4: order.payment.cardLast4,
    createdAt: order.now,
    updatedAt: order.now,
  });
  await insertOrderLines(
    tx,
    order.lines.map((line, position) => ({
      id: randomUUID(),
      orderId: inserted.id,
      variantId: line.variantId,
      productName: line.productName,
      productSlug: line.productSlug,
      sku: line.sku,
      options: line.options,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      lineTotal: order.totals.lineTotals[position] ?? 0,
      position,
    })),
  );
  await insertStatusHistory(tx, {
    id: randomUUID(),
    orderId: inserted.id,
    fromStatus: null,
    toStatus: status,
    actorUserId: order.userId,
    note: "Order placed.",
    createdAt: order.now,
  });
  return inserted;
}
