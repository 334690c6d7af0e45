// Profile editing: names, username and phone. The username and the phone
// follow the registration rules and stay unique (the username without letter
// case). A new phone number is unproven, so changing it clears
// `phone_verified_at`. Email changes need proof of the new address and are
// handled apart from this service.
import type { Database } from "../../db/client.js";
import { AppError, type FieldError } from "../../errors.js";
import {
  findUsernameProblem,
  normalisePhone,
  phoneRule,
} from "../auth/identifiers.js";
import type { UserRow } from "../auth/users.queries.js";
import {
  findProfileClashes,
  updateUserProfile,
  type ProfileChanges,
} from "./me.queries.js";

/** A profile change; `null` or an empty string removes a username or phone. */
export interface ProfileUpdate {
  firstName?: string | undefined;
  lastName?: string | undefined;
  username?: string | null | undefined;
  phone?: string | null | undefined;
}

export interface ProfileServiceDependencies {
  db: Database;
  now: () => Date;
}

export interface ProfileService {
  updateProfile(userId: string, update: ProfileUpdate): Promise<UserRow>;
}

/** The checked values of a profile update; undefined leaves a field as is. */
interface ValidProfileUpdate {
  firstName?: string;
  lastName?: string;
  username?: string | null;
  phone?: string | null;
}

const controlCharacterPattern = /\p{Cc}/u;

function rejectFields(
  code: "VALIDATION_FAILED" | "CONFLICT",
  errors: FieldError[],
): AppError {
  const detail = errors.map((error) => error.message).join(" ");
  return new AppError(code, detail, errors);
}

function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** Returns the trimmed text, or null when it is null or blank. */
function optionalIdentifier(text: string | null): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Trims and checks the fields that are present. Throws VALIDATION_FAILED
 * with one entry per invalid field.
 */
function assertProfileValid(update: ProfileUpdate): ValidProfileUpdate {
  const valid: ValidProfileUpdate = {};
  const errors: FieldError[] = [];
  const reject = (field: string, rule: string): void => {
    errors.push({ field, message: `${field} ${rule}.` });
  };

  const names = [
    ["first_name", "firstName"],
    ["last_name", "lastName"],
  ] as const;
  for (const [field, key] of names) {
    const value = update[key]?.trim();
    if (value === undefined) continue;
    if (controlCharacterPattern.test(value)) {
      reject(field, "must not contain control characters such as line breaks");
    } else {
      valid[key] = value;
    }
  }
  if (update.username !== undefined) {
    const username = optionalIdentifier(update.username);
    const problem =
      username === null ? undefined : findUsernameProblem(username);
    if (problem) reject("username", problem);
    else valid.username = username;
  }
  if (update.phone !== undefined) {
    const rawPhone = optionalIdentifier(update.phone);
    const phone = rawPhone === null ? null : normalisePhone(rawPhone);
    if (phone === undefined) reject("phone", phoneRule);
    else valid.phone = phone;
  }

  if (errors.length > 0) throw rejectFields("VALIDATION_FAILED", errors);
  return valid;
}

/** Throws CONFLICT naming each identifier another user already has. */
async function assertIdentifiersFree(
  db: Database,
  userId: string,
  update: ValidProfileUpdate,
): Promise<void> {
  const username = update.username ?? undefined;
  const phone = update.phone ?? undefined;
  const clashes = await findProfileClashes(db, userId, { username, phone });

  const errors: FieldError[] = [];
  const lowerUsername = username?.toLowerCase();
  if (
    lowerUsername !== undefined &&
    clashes.some((user) => user.username?.toLowerCase() === lowerUsername)
  ) {
    errors.push({ field: "username", message: "username is already taken." });
  }
  if (phone !== undefined && clashes.some((user) => user.phone === phone)) {
    errors.push({ field: "phone", message: "phone is already registered." });
  }
  if (errors.length > 0) throw rejectFields("CONFLICT", errors);
}

function accountGone(): AppError {
  return new AppError(
    "INVALID_TOKEN",
    "The account of this access token no longer exists.",
  );
}

/** Builds the service that edits the signed-in user's profile. */
export function createProfileService(
  deps: ProfileServiceDependencies,
): ProfileService {
  const { db } = deps;

  /**
   * Changes the given profile fields and returns the updated user. Throws
   * VALIDATION_FAILED for invalid fields, CONFLICT when another user has the
   * username (in any letter case) or the phone, and INVALID_TOKEN when the
   * account no longer exists.
   */
  async function updateProfile(
    userId: string,
    update: ProfileUpdate,
  ): Promise<UserRow> {
    const valid = assertProfileValid(update);
    await assertIdentifiersFree(db, userId, valid);

    const changes: ProfileChanges = { ...valid, updatedAt: deps.now() };
    try {
      const updated = await updateUserProfile(db, userId, changes);
      if (!updated) throw accountGone();
      return updated;
    } catch (error) {
      // Another request took the username or phone between the check above
      // and this update.
      if (!isUniqueViolation(error)) throw error;
      await assertIdentifiersFree(db, userId, valid);
      throw error;
    }
  }

  return { updateProfile };
}
