// Password reset by a single-use link sent to the account's email address.
//
// Threats: account enumeration (a reset request answers the same 202 at once
// for every address, and the lookup, token and mail happen after the
// response, so neither the answer nor its timing depends on the address);
// token guessing (32 random bytes); a database dump (only the SHA-256 of each
// token is stored); a replayed or late link (single use, 1 hour, and a new
// request ends older links); and a thief's live sessions (a reset ends every
// session of the user).
import { randomUUID } from "node:crypto";

import type { FastifyBaseLogger } from "fastify";

import type { Database } from "../../db/client.js";
import { type AppError, rejectFieldRule } from "../../errors.js";
import { findPasswordProblem, hashPassword } from "../auth/passwords.js";
import { revokeFamiliesOfUser } from "../auth/sessions.queries.js";
import type { MailService } from "../mail/mail.plugin.js";
import {
  generateLinkToken,
  hashLinkToken,
} from "../verification/verification-secrets.js";
import {
  claimResetToken,
  expireResetTokens,
  findActiveUserByEmail,
  findUserOfLiveToken,
  insertResetToken,
  resetPassword,
} from "./password-reset.queries.js";

/** How long a reset link works. */
export const resetTokenTtlSeconds = 3600;

export interface PasswordResetServiceDependencies {
  db: Database;
  now: () => Date;
  webPublicUrl: string;
  mail: MailService;
}

export interface PasswordResetService {
  requestReset(email: string, log: FastifyBaseLogger): void;
  confirmReset(token: string, newPassword: string): Promise<{ userId: string }>;
  /** Resolves once every reset request still being handled is done. */
  settled(): Promise<void>;
}

function invalidToken(): AppError {
  return rejectFieldRule(
    "token",
    "is invalid, used or expired: ask for a new reset link.",
  );
}

/** Builds the password reset service. */
export function createPasswordResetService(
  deps: PasswordResetServiceDependencies,
): PasswordResetService {
  const { db } = deps;
  const pending = new Set<Promise<void>>();

  async function issueToken(userId: string, now: Date): Promise<string> {
    const token = generateLinkToken();
    await db.transaction(async (tx) => {
      await expireResetTokens(tx, userId, now);
      await insertResetToken(tx, {
        id: randomUUID(),
        userId,
        tokenHash: hashLinkToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + resetTokenTtlSeconds * 1000),
      });
    });
    return token;
  }

  async function sendResetLink(
    email: string,
    log: FastifyBaseLogger,
  ): Promise<void> {
    const user = await findActiveUserByEmail(db, email);
    if (!user) return;

    const token = await issueToken(user.id, deps.now());
    const link = `${deps.webPublicUrl}/reset-password?token=${token}`;
    await deps.mail.deliverMail(
      {
        to: user.email,
        subject: "Reset your password",
        text: [
          "Someone asked to reset the password of your Bazaar account.",
          "",
          `To choose a new password, open this link: ${link}`,
          "",
          "The link works once and expires in 1 hour. Every signed-in device will be signed out.",
          "If you did not ask for this, ignore this message: your password stays as it is.",
          "",
        ].join("\n"),
      },
      log,
    );
    log.info({ userId: user.id }, "password reset link sent");
  }

  /**
   * Sends a reset link to `email` when an active account has it, after the
   * caller has answered: the work runs in the background and its failures
   * are logged.
   */
  function requestReset(email: string, log: FastifyBaseLogger): void {
    const task = sendResetLink(email, log)
      .catch((error: unknown) => {
        log.error({ err: error }, "password reset request failed");
      })
      .finally(() => pending.delete(task));
    pending.add(task);
  }

  /**
   * Sets a new password with a reset token, marks the email verified and ends
   * every session of the user. Throws VALIDATION_FAILED for an unknown, used
   * or expired token and for a password that breaks the policy.
   */
  async function confirmReset(
    token: string,
    newPassword: string,
  ): Promise<{ userId: string }> {
    const tokenHash = hashLinkToken(token);
    const user = await findUserOfLiveToken(db, tokenHash, deps.now());
    if (!user) throw invalidToken();
    const problem = findPasswordProblem(newPassword, user);
    if (problem) throw rejectFieldRule("new_password", `${problem}.`);

    const passwordHash = await hashPassword(newPassword);
    const now = deps.now();
    const userId = await db.transaction(async (tx) => {
      const claimedUserId = await claimResetToken(tx, tokenHash, now);
      if (claimedUserId === undefined) return undefined;
      await resetPassword(tx, claimedUserId, { passwordHash, now });
      await expireResetTokens(tx, claimedUserId, now);
      await revokeFamiliesOfUser(tx, claimedUserId, {
        reason: "password_reset",
        now,
      });
      return claimedUserId;
    });
    // Another confirmation used the token between the check and the claim.
    if (userId === undefined) throw invalidToken();
    return { userId };
  }

  async function settled(): Promise<void> {
    await Promise.all([...pending]);
  }

  return { requestReset, confirmReset, settled };
}
