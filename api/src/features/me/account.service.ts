// Account deletion and data export for the signed-in user. Deletion requires
// the password again, so that a stolen access token alone cannot destroy the
// account. The export contains everything stored about the user except
// secrets, so it leaves out the password hash, the refresh token hashes and
// the verification and reset codes.
import type { FastifyBaseLogger } from "fastify";

import type { Database } from "../../db/client.js";
import { AppError } from "../../errors.js";
import { listAddresses } from "../addresses/addresses.queries.js";
import type { AddressRow } from "../addresses/addresses.queries.js";
import { verifyPassword } from "../auth/passwords.js";
import type { FamilyRow } from "../auth/sessions.queries.js";
import { findUserById, type UserRow } from "../auth/users.queries.js";
import { listOrders, type OrderRow } from "../orders/orders.queries.js";
import { deleteUser, listAllFamilies } from "./me.queries.js";

export interface AccountDataServiceDependencies {
  db: Database;
  now: () => Date;
  log: FastifyBaseLogger;
}

/** Everything stored about a user, read in one transaction. */
export interface AccountData {
  user: UserRow;
  addresses: AddressRow[];
  families: FamilyRow[];
  orders: OrderRow[];
  exportedAt: Date;
}

export interface AccountDataService {
  deleteAccount(userId: string, password: string): Promise<void>;
  exportAccount(userId: string): Promise<AccountData>;
}

/**
 * Most orders one export lists, newest first, which keeps the document
 * bounded for the shop's busiest customers.
 */
const maxExportedOrders = 10_000;

function accountGone(): AppError {
  return new AppError(
    "INVALID_TOKEN",
    "The account of this access token no longer exists.",
  );
}

/** Builds the service that deletes and exports the signed-in user's account. */
export function createAccountDataService(
  deps: AccountDataServiceDependencies,
): AccountDataService {
  const { db } = deps;

  /**
   * Deletes the user with their sessions, codes and addresses once the
   * password matches. Throws VALIDATION_FAILED on `password` when it is
   * wrong, and INVALID_TOKEN when the account no longer exists.
   */
  async function deleteAccount(
    userId: string,
    password: string,
  ): Promise<void> {
    const user = await findUserById(db, userId);
    if (!user) throw accountGone();
    if (!(await verifyPassword(user.passwordHash, password))) {
      const message = "password is wrong.";
      throw new AppError("VALIDATION_FAILED", message, [
        { field: "password", message },
      ]);
    }

    if (!(await deleteUser(db, userId))) throw accountGone();
    deps.log.info({ userId }, "account deleted");
  }

  /** Reads the user's data for export. Throws INVALID_TOKEN when gone. */
  async function exportAccount(userId: string): Promise<AccountData> {
    const exportedAt = deps.now();
    return db.transaction(async (tx) => {
      const user = await findUserById(tx, userId);
      if (!user) throw accountGone();
      const addresses = await listAddresses(tx, userId);
      const families = await listAllFamilies(tx, userId);
      const orders = await listOrders(tx, userId, {
        limit: maxExportedOrders,
        offset: 0,
      });
      return { user, addresses, families, orders, exportedAt };
    });
  }

  return { deleteAccount, exportAccount };
}
