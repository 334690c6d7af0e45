import { and, desc, eq, gt, isNull, ne, type SQL } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { refreshTokenFamilies, refreshTokens, users } from "../../db/schema.js";

export type FamilyRow = typeof refreshTokenFamilies.$inferSelect;
export type NewFamilyRow = typeof refreshTokenFamilies.$inferInsert;
export type NewRefreshTokenRow = typeof refreshTokens.$inferInsert;

/** Why a refresh token family ended, stored in `revoked_reason`. */
export type RevokedReason =
  | "sign_out"
  | "sign_out_all"
  | "session_ended"
  | "password_changed"
  | "reuse_detected"
  | "password_reset";

/** A family with the state of its user, as refresh needs it. */
export interface FamilyState {
  id: string;
  userId: string;
  role: (typeof users.$inferSelect)["role"];
  isUserActive: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** A stored refresh token with the state of its family and user. */
export interface RefreshTokenState {
  id: string;
  tokenHash: string;
  createdAt: Date;
  usedAt: Date | null;
  replacedById: string | null;
  expiresAt: Date;
  family: FamilyState;
}

export async function insertFamily(
  db: Database,
  row: NewFamilyRow,
): Promise<void> {
  await db.insert(refreshTokenFamilies).values(row);
}

export async function insertRefreshToken(
  db: Database,
  row: NewRefreshTokenRow,
): Promise<void> {
  await db.insert(refreshTokens).values(row);
}

/**
 * Marks the unused, unexpired token with `tokenHash` as used and points it to
 * its successor, in one conditional UPDATE. Row locking makes this the
 * arbiter between concurrent refreshes: exactly one caller gets the row back,
 * every other one gets undefined.
 */
export async function claimRefreshToken(
  db: Database,
  claim: { tokenHash: string; successorId: string; now: Date },
): Promise<{ id: string; familyId: string } | undefined> {
  const [claimed] = await db
    .update(refreshTokens)
    .set({ usedAt: claim.now, replacedById: claim.successorId })
    .where(
      and(
        eq(refreshTokens.tokenHash, claim.tokenHash),
        isNull(refreshTokens.usedAt),
        gt(refreshTokens.expiresAt, claim.now),
      ),
    )
    .returning({ id: refreshTokens.id, familyId: refreshTokens.familyId });
  return claimed;
}

const familyStateColumns = {
  id: refreshTokenFamilies.id,
  userId: refreshTokenFamilies.userId,
  role: users.role,
  isUserActive: users.isActive,
  expiresAt: refreshTokenFamilies.expiresAt,
  revokedAt: refreshTokenFamilies.revokedAt,
};

export async function findFamilyState(
  db: Database,
  familyId: string,
): Promise<FamilyState | undefined> {
  const [row] = await db
    .select(familyStateColumns)
    .from(refreshTokenFamilies)
    .innerJoin(users, eq(users.id, refreshTokenFamilies.userId))
    .where(eq(refreshTokenFamilies.id, familyId));
  return row;
}

async function findRefreshTokenState(
  db: Database,
  condition: SQL,
): Promise<RefreshTokenState | undefined> {
  const [row] = await db
    .select({
      id: refreshTokens.id,
      tokenHash: refreshTokens.tokenHash,
      createdAt: refreshTokens.createdAt,
      usedAt: refreshTokens.usedAt,
      replacedById: refreshTokens.replacedById,
      expiresAt: refreshTokens.expiresAt,
      family: familyStateColumns,
    })
    .from(refreshTokens)
    .innerJoin(
      refreshTokenFamilies,
      eq(refreshTokenFamilies.id, refreshTokens.familyId),
    )
    .innerJoin(users, eq(users.id, refreshTokenFamilies.userId))
    .where(condition);
  return row;
}

export function findRefreshTokenByHash(
  db: Database,
  tokenHash: string,
): Promise<RefreshTokenState | undefined> {
  return findRefreshTokenState(db, eq(refreshTokens.tokenHash, tokenHash));
}

export function findRefreshTokenById(
  db: Database,
  id: string,
): Promise<RefreshTokenState | undefined> {
  return findRefreshTokenState(db, eq(refreshTokens.id, id));
}

/** Records a rotation: the family was just used and now lives until `expiresAt`. */
export async function touchFamily(
  db: Database,
  familyId: string,
  change: { lastUsedAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .update(refreshTokenFamilies)
    .set(change)
    .where(eq(refreshTokenFamilies.id, familyId));
}

/** Revokes one family unless it already is. Returns true when it changed. */
export async function revokeFamily(
  db: Database,
  familyId: string,
  revocation: { reason: RevokedReason; now: Date; userId?: string },
): Promise<boolean> {
  const conditions = [
    eq(refreshTokenFamilies.id, familyId),
    isNull(refreshTokenFamilies.revokedAt),
  ];
  if (revocation.userId !== undefined) {
    conditions.push(eq(refreshTokenFamilies.userId, revocation.userId));
  }
  const revoked = await db
    .update(refreshTokenFamilies)
    .set({ revokedAt: revocation.now, revokedReason: revocation.reason })
    .where(and(...conditions))
    .returning({ id: refreshTokenFamilies.id });
  return revoked.length > 0;
}

/**
 * Revokes every family of a user that is not revoked yet, except
 * `exceptFamilyId` when given. Returns how many families it revoked.
 */
export async function revokeFamiliesOfUser(
  db: Database,
  userId: string,
  revocation: { reason: RevokedReason; now: Date; exceptFamilyId?: string },
): Promise<number> {
  const conditions = [
    eq(refreshTokenFamilies.userId, userId),
    isNull(refreshTokenFamilies.revokedAt),
  ];
  if (revocation.exceptFamilyId !== undefined) {
    conditions.push(ne(refreshTokenFamilies.id, revocation.exceptFamilyId));
  }
  const revoked = await db
    .update(refreshTokenFamilies)
    .set({ revokedAt: revocation.now, revokedReason: revocation.reason })
    .where(and(...conditions))
    .returning({ id: refreshTokenFamilies.id });
  return revoked.length;
}

/** Lists a user's families that are neither revoked nor expired, newest use first. */
export async function listActiveFamilies(
  db: Database,
  userId: string,
  now: Date,
): Promise<FamilyRow[]> {
  return db
    .select()
    .from(refreshTokenFamilies)
    .where(
      and(
        eq(refreshTokenFamilies.userId, userId),
        isNull(refreshTokenFamilies.revokedAt),
        gt(refreshTokenFamilies.expiresAt, now),
      ),
    )
    .orderBy(
      desc(refreshTokenFamilies.lastUsedAt),
      desc(refreshTokenFamilies.createdAt),
    );
}
