// Password rules and hashing, after NIST SP 800-63B: a length range counted
// in Unicode code points, a block-list of common passwords, no password equal
// to the account's own identifiers, and no composition rules (they push
// people to predictable patterns such as "Password1!"). Passwords are
// NFKC-normalised before hashing, so the same characters typed on another
// keyboard still match. Hashes are Argon2id with the OWASP parameters.
import { readFileSync } from "node:fs";

import { hash, verify, type Algorithm } from "@node-rs/argon2";

export const minPasswordLength = 8;
export const maxPasswordLength = 128;

// Algorithm is an ambient const enum, which isolated modules cannot read.
const argon2id: Algorithm = 2;

/** OWASP's first Argon2id option: 19 MiB of memory, 2 passes, 1 lane. */
const hashOptions = {
  algorithm: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

const commonPasswords: ReadonlySet<string> = new Set(
  readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#")),
);

function normalise(password: string): string {
  return password.normalize("NFKC");
}

export interface PasswordContext {
  email: string;
  username?: string | null | undefined;
}

/**
 * Checks `password` against the policy. Returns the broken rule as a phrase
 * that follows the field name ("must be at least 8 characters long"), or
 * undefined when the password is acceptable.
 */
export function findPasswordProblem(
  password: string,
  context: PasswordContext,
): string | undefined {
  const normalised = normalise(password);
  const length = [...normalised].length;
  if (length < minPasswordLength) {
    return `must be at least ${minPasswordLength} characters long`;
  }
  if (length > maxPasswordLength) {
    return `must be at most ${maxPasswordLength} characters long`;
  }

  const lowerCased = normalised.toLowerCase();
  if (commonPasswords.has(lowerCased)) {
    return "is too common: choose a password that is not on lists of leaked passwords";
  }
  const email = context.email.trim().toLowerCase();
  const localPart = email.split("@")[0];
  const identifiers = [email, localPart, context.username?.toLowerCase()];
  if (identifiers.includes(lowerCased)) {
    return "must not be your email address or username";
  }
  return undefined;
}

/** Hashes a password with Argon2id; the result is a PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), hashOptions);
}

/**
 * Checks `password` against a stored hash. Returns false for a wrong
 * password and for a hash that cannot be parsed.
 */
export async function verifyPassword(
  passwordHash: string,
  password: string,
): Promise<boolean> {
  try {
    return await verify(passwordHash, normalise(password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as verifying a real password, for logins that match no
 * user, so response times do not reveal which logins exist.
 */
export async function verifyDummyPassword(password: string): Promise<void> {
  dummyHash ??= hashPassword("bazaar-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
