import { and, count, desc, eq } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { addresses, users } from "../../db/schema.js";

export type AddressRow = typeof addresses.$inferSelect;
export type NewAddressRow = typeof addresses.$inferInsert;
export type AddressChanges = Partial<
  Omit<NewAddressRow, "id" | "userId" | "createdAt">
>;

/** The default shipping address first, then the newest first. */
const addressOrder = [
  desc(addresses.isDefaultShipping),
  desc(addresses.createdAt),
  desc(addresses.id),
];

export function listAddresses(
  db: Database,
  userId: string,
): Promise<AddressRow[]> {
  return db
    .select()
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(...addressOrder);
}

export async function findAddress(
  db: Database,
  userId: string,
  id: string,
): Promise<AddressRow | undefined> {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .limit(1);
  return row;
}

/**
 * Locks the user's row until the transaction ends, so that address changes
 * of one user run one at a time. Returns false when the user does not exist.
 */
export async function lockUser(db: Database, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  return row !== undefined;
}

export async function countAddresses(
  db: Database,
  userId: string,
): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(addresses)
    .where(eq(addresses.userId, userId));
  return row?.total ?? 0;
}

/** Unsets the user's default shipping address, if there is one. */
export async function clearDefaultShipping(
  db: Database,
  userId: string,
): Promise<void> {
  await db
    .update(addresses)
    .set({ isDefaultShipping: false })
    .where(
      and(eq(addresses.userId, userId), eq(addresses.isDefaultShipping, true)),
    );
}

export async function insertAddress(
  db: Database,
  row: NewAddressRow,
): Promise<AddressRow> {
  const [inserted] = await db.insert(addresses).values(row).returning();
  if (!inserted) throw new Error("INSERT INTO addresses returned no row");
  return inserted;
}

export async function updateAddress(
  db: Database,
  userId: string,
  id: string,
  changes: AddressChanges,
): Promise<AddressRow | undefined> {
  const [updated] = await db
    .update(addresses)
    .set(changes)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning();
  return updated;
}

export async function deleteAddress(
  db: Database,
  userId: string,
  id: string,
): Promise<{ isDefaultShipping: boolean } | undefined> {
  const [deleted] = await db
    .delete(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning({ isDefaultShipping: addresses.isDefaultShipping });
  return deleted;
}

/** Makes the user's newest address the default shipping address. */
export async function makeNewestAddressDefault(
  db: Database,
  userId: string,
): Promise<void> {
  const [newest] = await db
    .select({ id: addresses.id })
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(desc(addresses.createdAt), desc(addresses.id))
    .limit(1);
  if (!newest) return;
  await db
    .update(addresses)
    .set({ isDefaultShipping: true })
    .where(eq(addresses.id, newest.id));
}
