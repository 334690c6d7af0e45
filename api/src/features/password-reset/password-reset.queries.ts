import { and, eq, gt, isNull, sql } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { passwordResetTokens, users } from "../../db/schema.js";
import type { UserRow } from "../auth/users.queries.js";

export type NewPasswordResetTokenRow = typeof passwordResetTokens.$inferInsert;

/** Finds the active user whose email is `email` in any letter case. */
export async function findActiveUserByEmail(
  db: Database,
  email: string,
): Promise<{ id: string; email: string } | undefined> {
  const [row] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        sql`lower(${users.email}) = lower(${email})`,
        eq(users.isActive, true),
      ),
    )
    .limit(1);
  return row;
}

/** Ends the user's unused reset tokens by moving their expiry to `now`. */
export async function expireResetTokens(
  db: Database,
  userId: string,
  now: Date,
): Promise<void> {
  await db
    .update(passwordResetTokens)
    .set({ expiresAt: now })
    .where(
      and(
        eq(passwordResetTokens.userId, userId),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    );
}

export async function insertResetToken(
  db: Database,
  row: NewPasswordResetTokenRow,
): Promise<void> {
  await db.insert(passwordResetTokens).values(row);
}

/** Finds the user of an unused, unexpired reset token. */
export async function findUserOfLiveToken(
  db: Database,
  tokenHash: string,
  now: Date,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .limit(1);
  return row?.user;
}

/**
 * Marks an unused, unexpired token as used in one conditional UPDATE, so
 * that of two concurrent confirmations only one gets the user id back.
 */
export async function claimResetToken(
  db: Database,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .returning({ userId: passwordResetTokens.userId });
  return row?.userId;
}

/** Sets the password and marks the email verified, keeping an earlier time. */
export async function resetPassword(
  db: Database,
  userId: string,
  change: { passwordHash: string; now: Date },
): Promise<void> {
  await db
    .update(users)
    .set({
      passwordHash: change.passwordHash,
      passwordChangedAt: change.now,
      emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${change.now.toISOString()}::timestamptz)`,
      updatedAt: change.now,
    })
    .where(eq(users.id, userId));
}
