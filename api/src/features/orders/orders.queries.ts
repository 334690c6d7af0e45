import { and, asc, count, desc, eq, sql } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import {
  orderLines,
  orders,
  orderStatusHistory,
  refunds,
  variants,
  type OrderStatus,
} from "../../db/schema.js";

export type OrderRow = typeof orders.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderStatusHistoryRow = typeof orderStatusHistory.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;

export async function insertOrder(
  db: Database,
  row: NewOrderRow,
): Promise<OrderRow> {
  const [inserted] = await db.insert(orders).values(row).returning();
  if (!inserted) throw new Error("INSERT INTO orders returned no row");
  return inserted;
}

export async function insertOrderLines(
  db: Database,
  rows: (typeof orderLines.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await db.insert(orderLines).values(rows);
}

export async function insertStatusHistory(
  db: Database,
  row: typeof orderStatusHistory.$inferInsert,
): Promise<void> {
  await db.insert(orderStatusHistory).values(row);
}

export async function insertRefund(
  db: Database,
  row: typeof refunds.$inferInsert,
): Promise<void> {
  await db.insert(refunds).values(row);
}

/**
 * Finds one of the user's orders by number; with `forUpdate` it stays
 * locked until the transaction ends.
 */
export async function findOrder(
  db: Database,
  userId: string,
  number: string,
  options: { forUpdate?: boolean } = {},
): Promise<OrderRow | undefined> {
  const query = db
    .select()
    .from(orders)
    .where(and(eq(orders.number, number), eq(orders.userId, userId)));
  const [row] = await (options.forUpdate ? query.for("update") : query);
  return row;
}

export async function findOrderById(
  db: Database,
  id: string,
): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row;
}

/** Lists one page of the user's orders, newest first. */
export function listOrders(
  db: Database,
  userId: string,
  page: { limit: number; offset: number },
): Promise<OrderRow[]> {
  return db
    .select()
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countOrders(
  db: Database,
  userId: string,
): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(orders)
    .where(eq(orders.userId, userId));
  return row?.total ?? 0;
}

export function listOrderLines(
  db: Database,
  orderId: string,
): Promise<OrderLineRow[]> {
  return db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.position));
}

export function listStatusHistory(
  db: Database,
  orderId: string,
): Promise<OrderStatusHistoryRow[]> {
  return db
    .select()
    .from(orderStatusHistory)
    .where(eq(orderStatusHistory.orderId, orderId))
    .orderBy(asc(orderStatusHistory.createdAt), asc(orderStatusHistory.id));
}

export function listRefunds(
  db: Database,
  orderId: string,
): Promise<RefundRow[]> {
  return db
    .select()
    .from(refunds)
    .where(eq(refunds.orderId, orderId))
    .orderBy(asc(refunds.createdAt));
}

export async function updateOrderStatus(
  db: Database,
  orderId: string,
  changes: { status: OrderStatus; paymentStatus?: string; now: Date },
): Promise<void> {
  await db
    .update(orders)
    .set({
      status: changes.status,
      ...(changes.paymentStatus
        ? { paymentStatus: changes.paymentStatus }
        : {}),
      updatedAt: changes.now,
    })
    .where(eq(orders.id, orderId));
}

/**
 * Takes `quantity` units of a sellable variant. The WHERE clause is the
 * guard: it never takes stock below zero, and under concurrency PostgreSQL
 * re-checks it against the latest row version. Returns false when the
 * stock does not cover the quantity or the variant is not sold.
 */
export async function takeStock(
  db: Database,
  variantId: string,
  quantity: number,
): Promise<boolean> {
  const updated = await db
    .update(variants)
    .set({ stockOnHand: sql`${variants.stockOnHand} - ${quantity}` })
    .where(
      and(
        eq(variants.id, variantId),
        sql`${variants.stockOnHand} >= ${quantity}`,
        eq(variants.isActive, true),
      ),
    )
    .returning({ id: variants.id });
  return updated.length > 0;
}

/** Puts `quantity` units back, for a cancelled order. */
export async function returnStock(
  db: Database,
  variantId: string,
  quantity: number,
): Promise<void> {
  await db
    .update(variants)
    .set({ stockOnHand: sql`${variants.stockOnHand} + ${quantity}` })
    .where(eq(variants.id, variantId));
}
