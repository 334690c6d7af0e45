// Rate limits for the routes that guess secrets: sign-in, registration,
// verification codes and password reset.
//
// Threats: password guessing on one account (the sign-in lockout), password
// spraying and code guessing from one client address (fixed windows per
// address), and mail flooding of one address (windows per email). Each
// failed sign-in past the threshold locks the account for twice as long as
// the one before, up to a cap. A lock applies to whoever tries that login,
// the owner included, which is the price of stopping the guessing; the cap
// bounds how long an attacker can keep an owner out. Unknown logins lock
// like real ones, so a 429 reveals nothing about which accounts exist.
//
// Keys are SHA-256 hashes of the rule name and the login, address or email,
// so a Redis dump holds no email addresses. When the store fails (Redis
// down), the limiter logs the error and lets the request through: the shop
// stays open and Argon2id still slows guessing.
import { createHash } from "node:crypto";

import type { FastifyBaseLogger } from "fastify";

import { RateLimitedError } from "../../errors.js";
import type {
  RateLimitRuleName,
  RateLimitSettings,
} from "./rate-limit.config.js";
import type { Counter, Expiry, RateLimitStore } from "./rate-limit-store.js";

export interface RateLimiter {
  /**
   * Counts one request against `rule` for `key`, such as a client address.
   * Throws RateLimitedError once the rule's window is full.
   */
  consume(rule: RateLimitRuleName, key: string): Promise<void>;
  /** Throws RateLimitedError while sign-in to `account` is locked. */
  assertSignInUnlocked(account: string): Promise<void>;
  /** Counts a failed sign-in and locks the account past the threshold. */
  recordSignInFailure(account: string): Promise<void>;
  /** Forgets the account's failures, after a successful sign-in. */
  clearSignInFailures(account: string): Promise<void>;
}

function hashKey(kind: string, key: string): string {
  const digest = createHash("sha256").update(`${kind}\0${key}`).digest();
  return `${kind}:${digest.toString("base64url")}`;
}

function toRetryAfterSeconds(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000));
}

/** Builds the rate limiter on `store`; it does nothing when turned off. */
export function createRateLimiter(deps: {
  settings: RateLimitSettings;
  store: RateLimitStore;
  log: FastifyBaseLogger;
}): RateLimiter {
  const { settings, store, log } = deps;
  const lockout = settings.signInLockout;

  /** Runs a store operation; a store failure is logged and allows the request. */
  async function tryStore<T>(
    operation: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await operation();
    } catch (error) {
      log.error({ err: error }, "rate limit store failed, request allowed");
      return undefined;
    }
  }

  function increment(
    key: string,
    windowMs: number,
    expiry: Expiry,
  ): Promise<Counter | undefined> {
    return tryStore(() => store.increment(key, { windowMs, expiry }));
  }

  async function consume(rule: RateLimitRuleName, key: string): Promise<void> {
    if (!settings.isEnabled) return;
    const { max, windowSeconds } = settings.rules[rule];
    const counter = await increment(
      hashKey(rule, key),
      windowSeconds * 1000,
      "fixed",
    );
    if (!counter || counter.count <= max) return;
    const retryAfterSeconds = toRetryAfterSeconds(counter.ttlMs);
    throw new RateLimitedError(
      `Too many requests: try again in ${retryAfterSeconds} seconds.`,
      retryAfterSeconds,
    );
  }

  async function assertSignInUnlocked(account: string): Promise<void> {
    if (!settings.isEnabled) return;
    const lock = await tryStore(() =>
      store.get(hashKey("signInLock", account)),
    );
    if (!lock) return;
    const retryAfterSeconds = toRetryAfterSeconds(lock.ttlMs);
    throw new RateLimitedError(
      `Too many failed sign-ins for this login: try again in ${retryAfterSeconds} seconds, or reset the password.`,
      retryAfterSeconds,
    );
  }

  async function recordSignInFailure(account: string): Promise<void> {
    if (!settings.isEnabled) return;
    // The failure count outlives the longest lock, so that the first failure
    // after a lock ends doubles the lock instead of starting over.
    const failureWindowMs =
      (lockout.windowSeconds + lockout.maxLockSeconds) * 1000;
    const failures = await increment(
      hashKey("signInFailures", account),
      failureWindowMs,
      "sliding",
    );
    if (!failures || failures.count < lockout.failures) return;

    const doublings = Math.min(failures.count - lockout.failures, 30);
    const lockSeconds = Math.min(
      lockout.baseLockSeconds * 2 ** doublings,
      lockout.maxLockSeconds,
    );
    await increment(
      hashKey("signInLock", account),
      lockSeconds * 1000,
      "fixed",
    );
    log.warn(
      { failures: failures.count, lockSeconds },
      "sign-in locked after repeated failures",
    );
  }

  async function clearSignInFailures(account: string): Promise<void> {
    if (!settings.isEnabled) return;
    await tryStore(() => store.delete(hashKey("signInFailures", account)));
  }

  return {
    consume,
    assertSignInUnlocked,
    recordSignInFailure,
    clearSignInFailures,
  };
}
