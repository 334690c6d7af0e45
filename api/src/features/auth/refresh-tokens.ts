// Opaque refresh tokens. A token is 32 random bytes in base64url (256 bits,
// so guessing one is hopeless); the database stores only its SHA-256, so a
// leaked table cannot be replayed. A fast hash suffices because the input has
// full entropy: there is nothing to brute-force, unlike a password.
//
// The successor of a token is derived, not drawn at random: it is the
// HMAC-SHA-256 of the parent token under the server's refresh token secret.
// That lets the API hand the same successor to every request that presents
// the parent within the grace window, without keeping any token in clear.
import { createHash, createHmac, randomBytes } from "node:crypto";

/** Byte length of a refresh token before base64url encoding. */
const tokenBytes = 32;

/** Makes a new random refresh token, the first of a family. */
export function generateRefreshToken(): string {
  return randomBytes(tokenBytes).toString("base64url");
}

/** Hashes a refresh token for storage and lookup: lower-case hex SHA-256. */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Derives the successor of `parentToken`. The same parent and secret always
 * give the same successor; without the secret it is indistinguishable from
 * a random token.
 */
export function deriveSuccessorToken(
  parentToken: string,
  secret: Buffer,
): string {
  return createHmac("sha256", secret)
    .update("bazaar refresh token successor\0", "utf8")
    .update(parentToken, "utf8")
    .digest("base64url");
}
