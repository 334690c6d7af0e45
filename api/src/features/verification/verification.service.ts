// Email and phone verification, and email change, with one-time codes.
//
// Threats and defences:
// - Guessing a 6-digit code. Each code allows 5 attempts, the check routes
//   are rate-limited, and at most 5 codes per hour can be requested, so an
//   attacker gets at most 25 guesses in a million per hour.
// - A database dump. Codes are stored as keyed hashes (verification-secrets.ts).
// - Mail flooding. One code per minute and 5 per hour per user and purpose.
// - Taking over an address through email change. The new address must prove
//   itself before the account uses it.
//
// Mail goes out after the transaction commits. A failed delivery is logged
// rather than thrown, because the user can ask for a new code.
import { randomUUID } from "node:crypto";

import type { FastifyBaseLogger } from "fastify";

import type { Database } from "../../db/client.js";
import { AppError, RateLimitedError, rejectFieldRule } from "../../errors.js";
import { findEmailProblem, normaliseEmail } from "../auth/identifiers.js";
import { findUserById, type UserRow } from "../auth/users.queries.js";
import type { MailService } from "../mail/mail.plugin.js";
import {
  buildEmailVerificationMessage,
  buildPhoneVerificationMessage,
} from "./verification.messages.js";
import {
  consumeCode,
  countAttempts,
  expireLiveCodes,
  findLiveCodeByLinkForUpdate,
  findLiveCodesForUpdate,
  insertCode,
  isEmailTakenByOther,
  listCodeTimesSince,
  lockUser,
  markEmailVerified,
  markPhoneVerified,
  replaceEmail,
  type LiveCode,
  type VerificationPurpose,
} from "./verification.queries.js";
import {
  generateCode,
  generateLinkToken,
  hashCode,
  hashLinkToken,
  isSameHash,
} from "./verification-secrets.js";

/** How long a code and its link work. */
export const codeTtlSeconds = 15 * 60;
/** Wrong tries after which a code is dead. */
export const maxCodeAttempts = 5;
/** Shortest time between two codes of one user and purpose. */
export const resendIntervalSeconds = 60;
/** Maximum number of codes per user and purpose in one hour. */
export const maxCodesPerHour = 5;

export interface VerificationSent {
  /** The address or phone number the code went to. */
  sentTo: string;
  expiresInSeconds: number;
}

export interface VerificationServiceDependencies {
  db: Database;
  now: () => Date;
  /** HMAC key for code hashes; see deriveCodeKey. */
  codeKey: Buffer;
  /** The storefront origin that verification links point to. */
  webPublicUrl: string;
  mail: MailService;
}

export interface VerificationService {
  sendEmailVerification(
    userId: string,
    log: FastifyBaseLogger,
  ): Promise<VerificationSent>;
  sendPhoneVerification(
    userId: string,
    log: FastifyBaseLogger,
  ): Promise<VerificationSent>;
  requestEmailChange(
    userId: string,
    newEmail: string,
    log: FastifyBaseLogger,
  ): Promise<VerificationSent | undefined>;
  verifyEmailCode(userId: string, code: string): Promise<UserRow>;
  verifyEmailLink(token: string): Promise<UserRow>;
  verifyPhoneCode(userId: string, code: string): Promise<UserRow>;
}

type CheckOutcome =
  | { kind: "verified"; user: UserRow }
  | { kind: "wrong"; attemptsLeft: number }
  | { kind: "dead" }
  | { kind: "clash" };

interface IssuedCode {
  target: string;
  code: string;
  linkToken: string | undefined;
}

function accountGone(): AppError {
  return new AppError(
    "INVALID_TOKEN",
    "The account of this access token no longer exists.",
  );
}

function emailClash(): AppError {
  return new AppError(
    "CONFLICT",
    "email is already registered to another account.",
    [
      {
        field: "email",
        message: "email is already registered to another account.",
      },
    ],
  );
}

function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/**
 * Throws RateLimitedError when the user got a code of `purpose` less than a
 * minute ago, or already got the hourly maximum.
 */
async function assertResendAllowed(
  tx: Database,
  userId: string,
  purpose: VerificationPurpose,
  now: Date,
): Promise<void> {
  const hourAgo = new Date(now.getTime() - 3600 * 1000);
  const times = await listCodeTimesSince(tx, userId, purpose, hourAgo);
  const newest = times[0];
  const oldest = times[times.length - 1];
  let waitMs = 0;
  if (newest) {
    waitMs = newest.getTime() + resendIntervalSeconds * 1000 - now.getTime();
  }
  if (oldest && times.length >= maxCodesPerHour) {
    waitMs = Math.max(waitMs, oldest.getTime() + 3600 * 1000 - now.getTime());
  }
  if (waitMs <= 0) return;
  const retryAfterSeconds = Math.ceil(waitMs / 1000);
  throw new RateLimitedError(
    `A code was sent recently: wait ${retryAfterSeconds} seconds before asking for another one.`,
    retryAfterSeconds,
  );
}

/** Returns the 6 digits of a typed code, spaces removed; throws otherwise. */
function normaliseCode(field: string, code: string): string {
  const digits = code.replace(/[\s-]/g, "");
  if (!/^\d{6}$/.test(digits)) {
    throw rejectFieldRule(field, "must be the 6 digits from the message.");
  }
  return digits;
}

function rejectOutcome(
  outcome: Exclude<CheckOutcome, { kind: "verified" }>,
  field: string,
): AppError {
  if (outcome.kind === "clash") return emailClash();
  if (outcome.kind === "wrong" && outcome.attemptsLeft > 0) {
    const attempts = outcome.attemptsLeft === 1 ? "attempt" : "attempts";
    return rejectFieldRule(
      field,
      `is wrong: ${outcome.attemptsLeft} ${attempts} left.`,
    );
  }
  if (outcome.kind === "wrong") {
    return rejectFieldRule(
      field,
      "is wrong and was tried too often: request a new code.",
    );
  }
  return rejectFieldRule(
    field,
    field === "token"
      ? "is invalid, used or expired: request a new verification email."
      : "has expired or was already used: request a new code.",
  );
}

/** Builds the verification service: codes for email, phone and email change. */
export function createVerificationService(
  deps: VerificationServiceDependencies,
): VerificationService {
  const { db, codeKey } = deps;

  /**
   * Inserts a new code of `purpose` for the target that `chooseTarget`
   * picks (which throws when the user cannot verify), ending older ones.
   */
  async function issueCode(
    userId: string,
    purpose: VerificationPurpose,
    chooseTarget: (user: UserRow, tx: Database) => Promise<string>,
  ): Promise<IssuedCode> {
    const now = deps.now();
    return db.transaction(async (tx) => {
      const user = await lockUser(tx, userId);
      if (!user) throw accountGone();
      const target = await chooseTarget(user, tx);
      await assertResendAllowed(tx, userId, purpose, now);

      await expireLiveCodes(tx, userId, [purpose], now);
      const id = randomUUID();
      const code = generateCode();
      const linkToken = purpose === "phone" ? undefined : generateLinkToken();
      await insertCode(tx, {
        id,
        userId,
        purpose,
        target,
        codeHash: hashCode(codeKey, id, code),
        linkTokenHash:
          linkToken === undefined ? null : hashLinkToken(linkToken),
        createdAt: now,
        expiresAt: new Date(now.getTime() + codeTtlSeconds * 1000),
      });
      return { target, code, linkToken };
    });
  }

  async function mailCode(
    issued: IssuedCode,
    purpose: "email" | "email_change",
    log: FastifyBaseLogger,
  ): Promise<VerificationSent> {
    const link = `${deps.webPublicUrl}/verify-email?token=${issued.linkToken ?? ""}`;
    const message = buildEmailVerificationMessage({
      to: issued.target,
      code: issued.code,
      link,
      expiresInMinutes: codeTtlSeconds / 60,
      purpose,
    });
    await deps.mail.deliverMail(message, log);
    return { sentTo: issued.target, expiresInSeconds: codeTtlSeconds };
  }

  /**
   * Sends a code and a link to the user's email address. Throws CONFLICT
   * when it is already verified and RATE_LIMITED when asked too often.
   */
  async function sendEmailVerification(
    userId: string,
    log: FastifyBaseLogger,
  ): Promise<VerificationSent> {
    const issued = await issueCode(userId, "email", async (user) => {
      if (user.emailVerifiedAt === null) return user.email;
      throw new AppError("CONFLICT", "The email address is already verified.");
    });
    return mailCode(issued, "email", log);
  }

  /**
   * Sends a code by SMS to the user's phone. Throws CONFLICT when the user
   * has no phone or it is already verified, and RATE_LIMITED when asked too
   * often.
   */
  async function sendPhoneVerification(
    userId: string,
    log: FastifyBaseLogger,
  ): Promise<VerificationSent> {
    const issued = await issueCode(userId, "phone", async (user) => {
      if (user.phone === null) {
        throw new AppError(
          "CONFLICT",
          "The account has no phone number: add one to the profile first.",
        );
      }
      if (user.phoneVerifiedAt === null) return user.phone;
      throw new AppError("CONFLICT", "The phone number is already verified.");
    });
    const message = buildPhoneVerificationMessage({
      to: issued.target,
      code: issued.code,
      expiresInMinutes: codeTtlSeconds / 60,
    });
    await deps.mail.deliverSms(message, log);
    return { sentTo: issued.target, expiresInSeconds: codeTtlSeconds };
  }

  /**
   * Sends a code and a link to `newEmail`; the email changes once they are
   * used. Returns undefined when `newEmail` is the current address in any
   * letter case, which changes nothing. Throws
   * VALIDATION_FAILED for an invalid address, CONFLICT when another account
   * has it and RATE_LIMITED when asked too often.
   */
  async function requestEmailChange(
    userId: string,
    newEmail: string,
    log: FastifyBaseLogger,
  ): Promise<VerificationSent | undefined> {
    const email = normaliseEmail(newEmail);
    const problem = findEmailProblem(email);
    if (problem) throw rejectFieldRule("email", `${problem}.`);

    const current = await findUserById(db, userId);
    if (!current) throw accountGone();
    if (current.email.toLowerCase() === email.toLowerCase()) return undefined;

    const issued = await issueCode(userId, "email_change", async (_, tx) => {
      if (await isEmailTakenByOther(tx, email, userId)) throw emailClash();
      return email;
    });
    return mailCode(issued, "email_change", log);
  }

  /** Consumes a matching code and applies what it proves, in `tx`. */
  async function applyCode(
    tx: Database,
    userId: string,
    code: LiveCode,
    now: Date,
  ): Promise<CheckOutcome> {
    const user = await lockUser(tx, userId);
    if (!user) throw accountGone();
    const target = code.target.toLowerCase();
    if (code.purpose === "email_change") {
      if (await isEmailTakenByOther(tx, code.target, userId)) {
        return { kind: "clash" };
      }
      await consumeCode(tx, code.id, now);
      await expireLiveCodes(tx, userId, ["email"], now);
      const changed = await replaceEmail(tx, userId, {
        email: code.target,
        now,
      });
      return changed ? { kind: "verified", user: changed } : { kind: "dead" };
    }

    await consumeCode(tx, code.id, now);
    if (code.purpose === "email" && user.email.toLowerCase() === target) {
      const verified = await markEmailVerified(tx, userId, now);
      return verified ? { kind: "verified", user: verified } : { kind: "dead" };
    }
    if (code.purpose === "phone" && user.phone === code.target) {
      const verified = await markPhoneVerified(tx, userId, now);
      return verified ? { kind: "verified", user: verified } : { kind: "dead" };
    }
    // The address or number changed since the code was sent.
    return { kind: "dead" };
  }

  /** Runs a check transaction; a unique violation there is an email clash. */
  async function runCheck(
    check: (tx: Database) => Promise<CheckOutcome>,
  ): Promise<CheckOutcome> {
    try {
      return await db.transaction(check);
    } catch (error) {
      if (isUniqueViolation(error)) return { kind: "clash" };
      throw error;
    }
  }

  async function checkCode(
    userId: string,
    rawCode: string,
    purposes: readonly VerificationPurpose[],
  ): Promise<UserRow> {
    const code = normaliseCode("code", rawCode);
    const now = deps.now();

    // The attempt count must survive a wrong code, so the transaction
    // returns the outcome and the error is thrown after it commits.
    const outcome = await runCheck(async (tx) => {
      const candidates = await findLiveCodesForUpdate(tx, userId, {
        purposes,
        now,
        maxAttempts: maxCodeAttempts,
      });
      if (candidates.length === 0) return { kind: "dead" };
      await countAttempts(
        tx,
        candidates.map((candidate) => candidate.id),
      );
      const match = candidates.find((candidate) =>
        isSameHash(candidate.codeHash, hashCode(codeKey, candidate.id, code)),
      );
      if (match) return applyCode(tx, userId, match, now);
      const attemptsLeft = Math.max(
        ...candidates.map(
          (candidate) => maxCodeAttempts - candidate.attempts - 1,
        ),
      );
      return { kind: "wrong", attemptsLeft };
    });
    if (outcome.kind === "verified") return outcome.user;
    throw rejectOutcome(outcome, "code");
  }

  /**
   * Checks a code from the latest email verification or email change mail.
   * Throws VALIDATION_FAILED naming the attempts left, or asking for a new
   * code, and CONFLICT when a new address was taken meanwhile.
   */
  function verifyEmailCode(userId: string, code: string): Promise<UserRow> {
    return checkCode(userId, code, ["email", "email_change"]);
  }

  /** Checks a code sent by SMS. Throws like verifyEmailCode. */
  function verifyPhoneCode(userId: string, code: string): Promise<UserRow> {
    return checkCode(userId, code, ["phone"]);
  }

  /**
   * Applies the verification that a mailed link's token belongs to. Throws
   * VALIDATION_FAILED for an unknown, used or expired token.
   */
  async function verifyEmailLink(token: string): Promise<UserRow> {
    const now = deps.now();
    const outcome = await runCheck(async (tx) => {
      const code = await findLiveCodeByLinkForUpdate(
        tx,
        hashLinkToken(token),
        now,
      );
      if (!code || code.attempts >= maxCodeAttempts) return { kind: "dead" };
      return applyCode(tx, code.userId, code, now);
    });
    if (outcome.kind === "verified") return outcome.user;
    throw rejectOutcome(outcome, "token");
  }

  return {
    sendEmailVerification,
    sendPhoneVerification,
    requestEmailChange,
    verifyEmailCode,
    verifyEmailLink,
    verifyPhoneCode,
  };
}
