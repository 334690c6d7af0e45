import { eq, or, sql, type SQL } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { users } from "../../db/schema.js";
import type { Login } from "./identifiers.js";

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;

/** The columns needed to check a password and issue tokens. */
export interface UserCredentials {
  id: string;
  email: string;
  username: string | null;
  role: UserRow["role"];
  passwordHash: string;
  isActive: boolean;
}

const credentialColumns = {
  id: users.id,
  email: users.email,
  username: users.username,
  role: users.role,
  passwordHash: users.passwordHash,
  isActive: users.isActive,
};

/**
 * Finds users whose email or username equals the given ones in any letter
 * case, or whose phone equals the given E.164 number.
 */
export async function findUserClashes(
  db: Database,
  identifiers: {
    email: string;
    username?: string | undefined;
    phone?: string | undefined;
  },
): Promise<{ email: string; username: string | null; phone: string | null }[]> {
  const conditions: SQL[] = [
    sql`lower(${users.email}) = lower(${identifiers.email})`,
  ];
  if (identifiers.username !== undefined) {
    conditions.push(
      sql`lower(${users.username}) = lower(${identifiers.username})`,
    );
  }
  if (identifiers.phone !== undefined) {
    conditions.push(eq(users.phone, identifiers.phone));
  }
  return db
    .select({
      email: users.email,
      username: users.username,
      phone: users.phone,
    })
    .from(users)
    .where(or(...conditions));
}

export async function insertUser(
  db: Database,
  row: NewUserRow,
): Promise<UserRow> {
  const [inserted] = await db.insert(users).values(row).returning();
  if (!inserted) throw new Error("INSERT INTO users returned no row");
  return inserted;
}

/**
 * Finds the user a sign-in login names, if any. Both sides go through
 * PostgreSQL's lower(), the function the unique indexes use.
 */
export async function findUserByLogin(
  db: Database,
  login: Login,
): Promise<UserCredentials | undefined> {
  if (login.value === undefined) return undefined;
  let condition: SQL;
  if (login.kind === "email") {
    condition = sql`lower(${users.email}) = lower(${login.value})`;
  } else if (login.kind === "username") {
    condition = sql`lower(${users.username}) = lower(${login.value})`;
  } else {
    condition = eq(users.phone, login.value);
  }
  const [row] = await db
    .select(credentialColumns)
    .from(users)
    .where(condition)
    .limit(1);
  return row;
}

export async function findUserById(
  db: Database,
  id: string,
): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function updatePasswordHash(
  db: Database,
  id: string,
  change: { passwordHash: string; changedAt: Date },
): Promise<void> {
  await db
    .update(users)
    .set({
      passwordHash: change.passwordHash,
      passwordChangedAt: change.changedAt,
      updatedAt: change.changedAt,
    })
    .where(eq(users.id, id));
}
