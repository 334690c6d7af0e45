// Accounts: registration, password sign-in and password change.
//
// Sign-in leaks nothing about which logins exist: an unknown login, a wrong
// password and a deactivated account give the same 401, and an unknown login
// still spends one Argon2id verification so the response takes as long.
// Registration does reveal that an email is taken (409), as any sign-up form
// must, so rate limits are the defence against enumeration there.
import { randomUUID } from "node:crypto";

import type { Database } from "../../db/client.js";
import { AppError, type FieldError } from "../../errors.js";
import {
  classifyLogin,
  findEmailProblem,
  findUsernameProblem,
  normaliseEmail,
  normalisePhone,
  phoneRule,
} from "./identifiers.js";
import {
  findPasswordProblem,
  hashPassword,
  verifyDummyPassword,
  verifyPassword,
} from "./passwords.js";
import { revokeFamiliesOfUser } from "./sessions.queries.js";
import {
  findUserByLogin,
  findUserById,
  findUserClashes,
  insertUser,
  updatePasswordHash,
  type UserCredentials,
  type UserRow,
} from "./users.queries.js";

export interface RegistrationInput {
  email: string;
  password: string;
  username?: string | undefined;
  phone?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** The family of the request's access token, which stays signed in. */
  currentSessionId: string;
}

export interface AccountServiceDependencies {
  db: Database;
  now: () => Date;
}

export interface AccountService {
  register(input: RegistrationInput): Promise<UserRow>;
  authenticate(login: string, password: string): Promise<UserCredentials>;
  changePassword(userId: string, change: PasswordChange): Promise<void>;
  getUserOrThrow(userId: string): Promise<UserRow>;
}

function fieldError(field: string, rule: string): FieldError {
  return { field, message: `${field} ${rule}.` };
}

function rejectFields(
  code: "VALIDATION_FAILED" | "CONFLICT",
  errors: FieldError[],
): AppError {
  const detail = errors.map((error) => error.message).join(" ");
  return new AppError(code, detail, errors);
}

function invalidCredentials(): AppError {
  return new AppError(
    "INVALID_CREDENTIALS",
    "The login or the password is wrong.",
  );
}

function accountGone(): AppError {
  return new AppError(
    "INVALID_TOKEN",
    "The account of this access token no longer exists.",
  );
}

/** Returns the text, trimmed, or undefined when it is missing or blank. */
function optionalText(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

interface NormalisedRegistration {
  email: string;
  username: string | undefined;
  phone: string | undefined;
}

/**
 * Normalises the identifiers of a registration and checks every field.
 * Throws VALIDATION_FAILED listing each invalid field.
 */
function assertRegistrationValid(
  input: RegistrationInput,
): NormalisedRegistration {
  const email = normaliseEmail(input.email);
  const username = optionalText(input.username);
  const rawPhone = optionalText(input.phone);
  const phone = rawPhone === undefined ? undefined : normalisePhone(rawPhone);

  const errors: FieldError[] = [];
  const emailProblem = findEmailProblem(email);
  if (emailProblem) errors.push(fieldError("email", emailProblem));
  const usernameProblem = username && findUsernameProblem(username);
  if (usernameProblem) errors.push(fieldError("username", usernameProblem));
  if (rawPhone !== undefined && phone === undefined) {
    errors.push(fieldError("phone", phoneRule));
  }
  const passwordProblem = findPasswordProblem(input.password, {
    email,
    username,
  });
  if (passwordProblem) errors.push(fieldError("password", passwordProblem));
  if (errors.length > 0) throw rejectFields("VALIDATION_FAILED", errors);

  return { email, username, phone };
}

/** Throws CONFLICT naming each identifier another user already has. */
async function assertIdentifiersFree(
  db: Database,
  identifiers: NormalisedRegistration,
): Promise<void> {
  const clashes = await findUserClashes(db, identifiers);
  const lower = (text: string | null | undefined): string | undefined =>
    text?.toLowerCase();
  const errors: FieldError[] = [];
  if (clashes.some((user) => lower(user.email) === lower(identifiers.email))) {
    errors.push(fieldError("email", "is already registered"));
  }
  const username = lower(identifiers.username);
  if (username && clashes.some((user) => lower(user.username) === username)) {
    errors.push(fieldError("username", "is already taken"));
  }
  const phone = identifiers.phone;
  if (phone && clashes.some((user) => user.phone === phone)) {
    errors.push(fieldError("phone", "is already registered"));
  }
  if (errors.length > 0) throw rejectFields("CONFLICT", errors);
}

/** Builds the account service: registration, sign-in, password change. */
export function createAccountService(
  deps: AccountServiceDependencies,
): AccountService {
  const { db } = deps;

  /**
   * Registers a customer. Throws VALIDATION_FAILED for invalid fields and
   * CONFLICT when the email, username or phone belongs to another user.
   */
  async function register(input: RegistrationInput): Promise<UserRow> {
    const identifiers = assertRegistrationValid(input);
    await assertIdentifiersFree(db, identifiers);

    const now = deps.now();
    try {
      return await insertUser(db, {
        id: randomUUID(),
        email: identifiers.email,
        username: identifiers.username ?? null,
        phone: identifiers.phone ?? null,
        passwordHash: await hashPassword(input.password),
        firstName: optionalText(input.firstName) ?? "",
        lastName: optionalText(input.lastName) ?? "",
        role: "customer",
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      // Another registration with the same identifiers won the race between
      // the check above and this insert.
      if (!isUniqueViolation(error)) throw error;
      await assertIdentifiersFree(db, identifiers);
      throw error;
    }
  }

  /**
   * Checks a login (email, username or phone) and password. Throws
   * INVALID_CREDENTIALS, the same for every reason, when they do not match
   * an active user.
   */
  async function authenticate(
    login: string,
    password: string,
  ): Promise<UserCredentials> {
    const user = await findUserByLogin(db, classifyLogin(login));
    if (!user) {
      await verifyDummyPassword(password);
      throw invalidCredentials();
    }

    const isPasswordValid = await verifyPassword(user.passwordHash, password);
    if (!isPasswordValid || !user.isActive) throw invalidCredentials();
    return user;
  }

  /**
   * Replaces the user's password and revokes every other session. Throws
   * VALIDATION_FAILED when the current password is wrong or the new one
   * breaks the policy.
   */
  async function changePassword(
    userId: string,
    change: PasswordChange,
  ): Promise<void> {
    const user = await getUserOrThrow(userId);
    const isCurrentValid = await verifyPassword(
      user.passwordHash,
      change.currentPassword,
    );
    if (!isCurrentValid) {
      throw rejectFields("VALIDATION_FAILED", [
        fieldError("current_password", "is wrong"),
      ]);
    }
    const problem = findPasswordProblem(change.newPassword, user);
    if (problem) {
      throw rejectFields("VALIDATION_FAILED", [
        fieldError("new_password", problem),
      ]);
    }

    const passwordHash = await hashPassword(change.newPassword);
    const now = deps.now();
    await db.transaction(async (tx) => {
      await updatePasswordHash(tx, userId, { passwordHash, changedAt: now });
      await revokeFamiliesOfUser(tx, userId, {
        reason: "password_changed",
        now,
        exceptFamilyId: change.currentSessionId,
      });
    });
  }

  /** Loads a user. Throws INVALID_TOKEN when the account no longer exists. */
  async function getUserOrThrow(userId: string): Promise<UserRow> {
    const user = await findUserById(db, userId);
    if (!user) throw accountGone();
    return user;
  }

  return { register, authenticate, changePassword, getUserOrThrow };
}
