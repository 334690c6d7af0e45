import { and, desc, eq, ne, or, sql, type SQL } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import {
  orders,
  refreshTokenFamilies,
  users,
  type UserRole,
} from "../../db/schema.js";
import type { FamilyRow } from "../auth/sessions.queries.js";
import type { UserRow } from "../auth/users.queries.js";

export type ProfileChanges = Partial<
  Pick<UserRow, "firstName" | "lastName" | "username" | "phone">
> & { updatedAt: Date };

/**
 * Finds other users whose username equals `username` in any letter case, or
 * whose phone equals the E.164 number `phone`.
 */
export async function findProfileClashes(
  db: Database,
  userId: string,
  identifiers: { username?: string | undefined; phone?: string | undefined },
): Promise<{ username: string | null; phone: string | null }[]> {
  const conditions: SQL[] = [];
  if (identifiers.username !== undefined) {
    conditions.push(
      sql`lower(${users.username}) = lower(${identifiers.username})`,
    );
  }
  if (identifiers.phone !== undefined) {
    conditions.push(eq(users.phone, identifiers.phone));
  }
  if (conditions.length === 0) return [];
  return db
    .select({ username: users.username, phone: users.phone })
    .from(users)
    .where(and(ne(users.id, userId), or(...conditions)));
}

/**
 * Updates the user's profile fields. A phone that differs from the stored
 * one clears `phone_verified_at`; the same phone sent again keeps it.
 */
export async function updateUserProfile(
  db: Database,
  userId: string,
  changes: ProfileChanges,
): Promise<UserRow | undefined> {
  const phoneProof =
    changes.phone === undefined
      ? {}
      : {
          phoneVerifiedAt: sql`case when ${users.phone} is distinct from ${changes.phone} then null else ${users.phoneVerifiedAt} end`,
        };
  const [updated] = await db
    .update(users)
    .set({ ...changes, ...phoneProof })
    .where(eq(users.id, userId))
    .returning();
  return updated;
}

export async function updateUserRole(
  db: Database,
  userId: string,
  change: { role: UserRole; now: Date },
): Promise<void> {
  await db
    .update(users)
    .set({ role: change.role, updatedAt: change.now })
    .where(eq(users.id, userId));
}

/**
 * Deletes a user. Foreign keys cascade to the user's refresh token families
 * and tokens, verification codes, password reset tokens and addresses.
 * Returns false when no user has the id.
 */
export async function deleteUser(
  db: Database,
  userId: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The shop keeps its orders for its accounts, but nothing in them may
    // point back to the person: the email and the address go, and only the
    // country stays because tax depends on it. The foreign key then sets
    // orders.user_id to null when the user row is deleted.
    await tx
      .update(orders)
      .set({
        email: "",
        shippingAddress: sql`jsonb_build_object(
          'name', '', 'line1', '', 'line2', '', 'city', '', 'region', '',
          'postalCode', '', 'phone', '',
          'country', ${orders.shippingAddress}->>'country')`,
        updatedAt: new Date(),
      })
      .where(eq(orders.userId, userId));
    const deleted = await tx
      .delete(users)
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    return deleted.length > 0;
  });
}

/** Lists every refresh token family of the user, ended ones included. */
export function listAllFamilies(
  db: Database,
  userId: string,
): Promise<FamilyRow[]> {
  return db
    .select()
    .from(refreshTokenFamilies)
    .where(eq(refreshTokenFamilies.userId, userId))
    .orderBy(desc(refreshTokenFamilies.createdAt));
}
