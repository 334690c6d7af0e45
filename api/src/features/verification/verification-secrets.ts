// The secrets of a verification: a 6-digit code to type and a link token to
// click. Both are stored as hashes only.
//
// A 6-digit code has 20 bits of entropy, so a plain hash could be reversed
// from a database dump by trying all million codes. Codes are therefore
// hashed with HMAC-SHA-256 under a key derived from REFRESH_TOKEN_SECRET,
// which is not in the database, and the code's id is part of the message so
// that equal codes give different hashes. Guessing online is bounded by the
// attempt limit. The link token is 32 random bytes, which no one can guess,
// so plain SHA-256 is enough for it.
import {
  createHash,
  createHmac,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from "node:crypto";

/** Derives the code hashing key, separate from the refresh token key's use. */
export function deriveCodeKey(serverSecret: Buffer): Buffer {
  return createHmac("sha256", serverSecret)
    .update("bazaar verification code key")
    .digest();
}

/** Returns a uniformly random code of 6 digits, leading zeros kept. */
export function generateCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

export function hashCode(key: Buffer, codeId: string, code: string): string {
  return createHmac("sha256", key).update(`${codeId}:${code}`).digest("hex");
}

/** Compares two hex hashes in constant time. */
export function isSameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Returns 32 random bytes in base64url (43 characters). */
export function generateLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
