import { and, eq } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { idempotencyKeys, users } from "../../db/schema.js";

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims an Idempotency-Key for the user. Returns false when the key is
 * already recorded. When another transaction has an uncommitted claim on
 * the same key, PostgreSQL makes this INSERT wait until that transaction
 * ends, so the loser then sees the winner's committed row.
 */
export async function claimIdempotencyKey(
  db: Database,
  row: { userId: string; key: string; requestHash: string; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({
      userId: row.userId,
      key: row.key,
      requestHash: row.requestHash,
      createdAt: row.now,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return inserted.length > 0;
}

export async function findIdempotencyKey(
  db: Database,
  userId: string,
  key: string,
): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(
      and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)),
    );
  return row;
}

export async function setIdempotencyOrder(
  db: Database,
  row: { userId: string; key: string; orderId: string },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ orderId: row.orderId })
    .where(
      and(
        eq(idempotencyKeys.userId, row.userId),
        eq(idempotencyKeys.key, row.key),
      ),
    );
}

export async function findCheckoutUser(
  db: Database,
  userId: string,
): Promise<{ email: string; emailVerifiedAt: Date | null } | undefined> {
  const [row] = await db
    .select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}
