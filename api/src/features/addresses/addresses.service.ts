// The signed-in user's address book. Every change runs in one transaction
// that first locks the user's row. So concurrent requests of one user cannot
// both pass the size limit, nor both set a default shipping address, which
// the partial unique index `addresses_default_shipping_key` would reject
// with a 500. While the user has any address, exactly one of them is the
// default shipping address.
import { randomUUID } from "node:crypto";

import type { Database } from "../../db/client.js";
import { AppError, notFound, type FieldError } from "../../errors.js";
import { normalisePhone, phoneRule } from "../auth/identifiers.js";
import {
  clearDefaultShipping,
  countAddresses,
  deleteAddress as deleteAddressRow,
  findAddress,
  insertAddress,
  listAddresses as listAddressRows,
  lockUser,
  makeNewestAddressDefault,
  updateAddress as updateAddressRow,
  type AddressChanges,
  type AddressRow,
} from "./addresses.queries.js";
import { isCountryCode } from "./countries.js";

/** How many addresses one user may keep. */
export const maxAddressesPerUser = 50;

export interface AddressFields {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
  phone?: string | undefined;
  isDefaultShipping?: boolean | undefined;
}

export type AddressFieldChanges = Partial<AddressFields>;

export interface AddressServiceDependencies {
  db: Database;
  now: () => Date;
}

export interface AddressService {
  listAddresses(userId: string): Promise<AddressRow[]>;
  getAddressOrThrow(userId: string, id: string): Promise<AddressRow>;
  createAddress(userId: string, fields: AddressFields): Promise<AddressRow>;
  updateAddress(
    userId: string,
    id: string,
    changes: AddressFieldChanges,
  ): Promise<AddressRow>;
  deleteAddress(userId: string, id: string): Promise<void>;
}

type TextKey = "name" | "line1" | "line2" | "city" | "region" | "postalCode";

/** The free-text fields, with their API names and whether they may be empty. */
const textFields: { key: TextKey; field: string; isRequired: boolean }[] = [
  { key: "name", field: "name", isRequired: true },
  { key: "line1", field: "line1", isRequired: true },
  { key: "line2", field: "line2", isRequired: false },
  { key: "city", field: "city", isRequired: true },
  { key: "region", field: "region", isRequired: false },
  { key: "postalCode", field: "postal_code", isRequired: true },
];

const controlCharacterPattern = /\p{Cc}/u;

function findTextProblem(
  value: string,
  isRequired: boolean,
): string | undefined {
  if (isRequired && value === "") return "must not be blank";
  if (controlCharacterPattern.test(value)) {
    return "must not contain control characters such as line breaks";
  }
  return undefined;
}

/**
 * Trims and checks the fields that are present, leaving out the others.
 * Throws VALIDATION_FAILED with one entry per invalid field.
 */
function assertAddressValid(changes: AddressFieldChanges): AddressChanges {
  const valid: AddressChanges = {};
  const errors: FieldError[] = [];
  const reject = (field: string, rule: string): void => {
    errors.push({ field, message: `${field} ${rule}.` });
  };

  for (const { key, field, isRequired } of textFields) {
    const value = changes[key]?.trim();
    if (value === undefined) continue;
    const problem = findTextProblem(value, isRequired);
    if (problem) reject(field, problem);
    else valid[key] = value;
  }
  const country = changes.country?.trim().toUpperCase();
  if (country !== undefined) {
    if (isCountryCode(country)) valid.country = country;
    else reject("country", "must be an ISO 3166-1 alpha-2 code such as GB");
  }
  const phone = changes.phone?.trim();
  if (phone !== undefined) {
    const normalised = phone === "" ? "" : normalisePhone(phone);
    if (normalised === undefined) reject("phone", phoneRule);
    else valid.phone = normalised;
  }

  if (errors.length > 0) {
    const detail = errors.map((error) => error.message).join(" ");
    throw new AppError("VALIDATION_FAILED", detail, errors);
  }
  return valid;
}

function addressNotFound(id: string): AppError {
  return notFound("address", id);
}

/** Locks the user's row. Throws INVALID_TOKEN when the account is gone. */
async function assertUserLocked(db: Database, userId: string): Promise<void> {
  if (await lockUser(db, userId)) return;
  throw new AppError(
    "INVALID_TOKEN",
    "The account of this access token no longer exists.",
  );
}

async function assertRoomForAddress(
  db: Database,
  userId: string,
): Promise<number> {
  const total = await countAddresses(db, userId);
  if (total >= maxAddressesPerUser) {
    throw new AppError(
      "CONFLICT",
      `The address book is full: it contains at most ${maxAddressesPerUser} addresses, so delete one before adding another.`,
    );
  }
  return total;
}

function assertDefaultKept(
  address: AddressRow,
  changes: AddressFieldChanges,
): void {
  if (changes.isDefaultShipping !== false || !address.isDefaultShipping) {
    return;
  }
  const message =
    "is_default_shipping cannot be turned off on the default shipping address: make another address the default instead.";
  throw new AppError("VALIDATION_FAILED", message, [
    { field: "is_default_shipping", message },
  ]);
}

/** Builds the address book service of the signed-in user. */
export function createAddressService(
  deps: AddressServiceDependencies,
): AddressService {
  const { db } = deps;

  function listAddresses(userId: string): Promise<AddressRow[]> {
    return listAddressRows(db, userId);
  }

  /** Loads one of the user's addresses. Throws NOT_FOUND for any other id. */
  async function getAddressOrThrow(
    userId: string,
    id: string,
  ): Promise<AddressRow> {
    const address = await findAddress(db, userId, id);
    if (!address) throw addressNotFound(id);
    return address;
  }

  /**
   * Adds an address. The first one, or one sent with is_default_shipping,
   * becomes the default shipping address. Throws VALIDATION_FAILED for
   * invalid fields and CONFLICT when the address book is full.
   */
  async function createAddress(
    userId: string,
    fields: AddressFields,
  ): Promise<AddressRow> {
    const valid = assertAddressValid(fields);
    const now = deps.now();

    return db.transaction(async (tx) => {
      await assertUserLocked(tx, userId);
      const total = await assertRoomForAddress(tx, userId);
      const isDefaultShipping =
        total === 0 || fields.isDefaultShipping === true;
      if (isDefaultShipping) await clearDefaultShipping(tx, userId);
      return insertAddress(tx, {
        name: fields.name,
        line1: fields.line1,
        city: fields.city,
        postalCode: fields.postalCode,
        country: fields.country,
        ...valid,
        id: randomUUID(),
        userId,
        isDefaultShipping,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  /**
   * Changes the given fields of one of the user's addresses; setting
   * is_default_shipping moves the default here. Throws NOT_FOUND for another
   * user's address, VALIDATION_FAILED for invalid fields or for turning off
   * the default without choosing another.
   */
  async function updateAddress(
    userId: string,
    id: string,
    changes: AddressFieldChanges,
  ): Promise<AddressRow> {
    const valid = assertAddressValid(changes);
    const now = deps.now();

    return db.transaction(async (tx) => {
      await assertUserLocked(tx, userId);
      const address = await findAddress(tx, userId, id);
      if (!address) throw addressNotFound(id);
      assertDefaultKept(address, changes);
      const isBecomingDefault =
        changes.isDefaultShipping === true && !address.isDefaultShipping;
      if (isBecomingDefault) await clearDefaultShipping(tx, userId);
      const updated = await updateAddressRow(tx, userId, id, {
        ...valid,
        ...(isBecomingDefault ? { isDefaultShipping: true } : {}),
        updatedAt: now,
      });
      if (!updated) throw addressNotFound(id);
      return updated;
    });
  }

  /**
   * Deletes one of the user's addresses. When it was the default shipping
   * address, the newest remaining one becomes the default. Throws NOT_FOUND
   * for another user's address.
   */
  async function deleteAddress(userId: string, id: string): Promise<void> {
    await db.transaction(async (tx) => {
      await assertUserLocked(tx, userId);
      const deleted = await deleteAddressRow(tx, userId, id);
      if (!deleted) throw addressNotFound(id);
      if (deleted.isDefaultShipping) {
        await makeNewestAddressDefault(tx, userId);
      }
    });
  }

  return {
    listAddresses,
    getAddressOrThrow,
    createAddress,
    updateAddress,
    deleteAddress,
  };
}
