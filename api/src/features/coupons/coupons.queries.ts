import { and, count, eq, gt, isNull, lt, or, sql } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { couponRedemptions, coupons } from "../../db/schema.js";

export type CouponRow = typeof coupons.$inferSelect;

export async function findCouponByCode(
  db: Database,
  code: string,
): Promise<CouponRow | undefined> {
  const [row] = await db.select().from(coupons).where(eq(coupons.code, code));
  return row;
}

/**
 * Counts one more use of the coupon unless that would pass its usage
 * limit. The condition is checked by the UPDATE itself, so concurrent
 * orders cannot both take the last use. Returns false when none is left.
 */
export async function incrementCouponUsage(
  db: Database,
  couponId: string,
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(coupons)
    .set({ usageCount: sql`${coupons.usageCount} + 1`, updatedAt: now })
    .where(
      and(
        eq(coupons.id, couponId),
        or(
          isNull(coupons.usageLimit),
          lt(coupons.usageCount, coupons.usageLimit),
        ),
      ),
    )
    .returning({ id: coupons.id });
  return updated.length > 0;
}

/** Gives back one use of the coupon, for a cancelled order. */
export async function decrementCouponUsage(
  db: Database,
  couponId: string,
  now: Date,
): Promise<void> {
  await db
    .update(coupons)
    .set({ usageCount: sql`${coupons.usageCount} - 1`, updatedAt: now })
    .where(and(eq(coupons.id, couponId), gt(coupons.usageCount, 0)));
}

export async function countRedemptions(
  db: Database,
  couponId: string,
  userId: string,
): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(couponRedemptions)
    .where(
      and(
        eq(couponRedemptions.couponId, couponId),
        eq(couponRedemptions.userId, userId),
      ),
    );
  return row?.total ?? 0;
}

export async function insertRedemption(
  db: Database,
  row: typeof couponRedemptions.$inferInsert,
): Promise<void> {
  await db.insert(couponRedemptions).values(row);
}

export async function deleteRedemption(
  db: Database,
  orderId: string,
): Promise<void> {
  await db
    .delete(couponRedemptions)
    .where(eq(couponRedemptions.orderId, orderId));
}
