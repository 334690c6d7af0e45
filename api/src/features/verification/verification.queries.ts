import {
  and,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  ne,
  sql,
} from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { users, verificationCodes } from "../../db/schema.js";
import type { UserRow } from "../auth/users.queries.js";

export type VerificationPurpose =
  (typeof verificationCodes.$inferSelect)["purpose"];
export type NewVerificationCodeRow = typeof verificationCodes.$inferInsert;

/** A code that may still be tried, as the check needs it. */
export interface LiveCode {
  id: string;
  purpose: VerificationPurpose;
  target: string;
  codeHash: string;
  attempts: number;
}

const liveCodeColumns = {
  id: verificationCodes.id,
  purpose: verificationCodes.purpose,
  target: verificationCodes.target,
  codeHash: verificationCodes.codeHash,
  attempts: verificationCodes.attempts,
};

/**
 * Locks the user's row until the transaction ends, so that concurrent code
 * requests of one user are counted one after the other.
 */
export async function lockUser(
  db: Database,
  userId: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  return row;
}

/** Lists when the user's codes of `purpose` were created since `since`, newest first. */
export async function listCodeTimesSince(
  db: Database,
  userId: string,
  purpose: VerificationPurpose,
  since: Date,
): Promise<Date[]> {
  const rows = await db
    .select({ createdAt: verificationCodes.createdAt })
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.userId, userId),
        eq(verificationCodes.purpose, purpose),
        gte(verificationCodes.createdAt, since),
      ),
    )
    .orderBy(desc(verificationCodes.createdAt));
  return rows.map((row) => row.createdAt);
}

/**
 * Ends the user's unused codes of the given purposes by moving their expiry
 * to `now`. The rows stay, because the resend limit counts them.
 */
export async function expireLiveCodes(
  db: Database,
  userId: string,
  purposes: readonly VerificationPurpose[],
  now: Date,
): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ expiresAt: now })
    .where(
      and(
        eq(verificationCodes.userId, userId),
        inArray(verificationCodes.purpose, [...purposes]),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, now),
      ),
    );
}

export async function insertCode(
  db: Database,
  row: NewVerificationCodeRow,
): Promise<void> {
  await db.insert(verificationCodes).values(row);
}

/**
 * Finds and locks the user's codes of the given purposes that are unused,
 * unexpired and below `maxAttempts`.
 */
export async function findLiveCodesForUpdate(
  db: Database,
  userId: string,
  check: {
    purposes: readonly VerificationPurpose[];
    now: Date;
    maxAttempts: number;
  },
): Promise<LiveCode[]> {
  return db
    .select(liveCodeColumns)
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.userId, userId),
        inArray(verificationCodes.purpose, [...check.purposes]),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, check.now),
        lt(verificationCodes.attempts, check.maxAttempts),
      ),
    )
    .for("update");
}

/** Finds and locks the live code whose link token has `linkTokenHash`. */
export async function findLiveCodeByLinkForUpdate(
  db: Database,
  linkTokenHash: string,
  now: Date,
): Promise<(LiveCode & { userId: string }) | undefined> {
  const [row] = await db
    .select({ ...liveCodeColumns, userId: verificationCodes.userId })
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.linkTokenHash, linkTokenHash),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, now),
      ),
    )
    .for("update");
  return row;
}

/** Adds one attempt to each code in `ids`. */
export async function countAttempts(
  db: Database,
  ids: readonly string[],
): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ attempts: sql`${verificationCodes.attempts} + 1` })
    .where(inArray(verificationCodes.id, [...ids]));
}

export async function consumeCode(
  db: Database,
  id: string,
  now: Date,
): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ consumedAt: now })
    .where(eq(verificationCodes.id, id));
}

export async function markEmailVerified(
  db: Database,
  userId: string,
  now: Date,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ emailVerifiedAt: now, updatedAt: now })
    .where(eq(users.id, userId))
    .returning();
  return row;
}

export async function markPhoneVerified(
  db: Database,
  userId: string,
  now: Date,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ phoneVerifiedAt: now, updatedAt: now })
    .where(eq(users.id, userId))
    .returning();
  return row;
}

/** Replaces the user's email with a verified one. */
export async function replaceEmail(
  db: Database,
  userId: string,
  change: { email: string; now: Date },
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({
      email: change.email,
      emailVerifiedAt: change.now,
      updatedAt: change.now,
    })
    .where(eq(users.id, userId))
    .returning();
  return row;
}

/** Returns whether a user other than `userId` has `email`, in any letter case. */
export async function isEmailTakenByOther(
  db: Database,
  email: string,
  userId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(sql`lower(${users.email}) = lower(${email})`, ne(users.id, userId)),
    )
    .limit(1);
  return row !== undefined;
}
