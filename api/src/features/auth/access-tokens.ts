// Access tokens: JWTs signed with EdDSA (Ed25519), typed `at+jwt` (RFC 9068).
// The verifier follows RFC 8725. It accepts EdDSA only, so `alg: none` and an
// HMAC keyed with the public key bytes both fail before any key is used. It
// resolves the key by `kid` among the API's own public keys, never from the
// token (no `jwk` or `jku` header is trusted). It pins `typ`, `iss` and `aud`,
// so a token of another kind or for another audience is rejected. Every claim
// the API relies on is required.
import type { webcrypto } from "node:crypto";

import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from "jose";

import type { ApiConfig } from "../../config.js";
import { userRoles, type UserRole } from "../../db/schema.js";
import { signingAlgorithm, type KeyRing } from "./keys.js";

/** The JWT `typ` header of access tokens (RFC 9068). */
const accessTokenType = "at+jwt";

/** Clock skew accepted on `exp`, `nbf` and `iat` between hosts. */
export const clockToleranceSeconds = 30;

const uuidPattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Picks the access token settings out of the API config. */
export function toAccessTokenSettings(config: ApiConfig): AccessTokenSettings {
  return {
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    ttlSeconds: config.accessTokenTtlSeconds,
  };
}

export interface AccessTokenClaims {
  userId: string;
  role: UserRole;
  /** The refresh token family (session) the token was issued for. */
  sessionId: string;
  /** The id of the refresh token issued with it, used as `jti`. */
  tokenId: string;
  issuedAt: Date;
}

export interface VerifiedAccessToken {
  userId: string;
  role: UserRole;
  sessionId: string;
  tokenId: string;
}

/** A rejected token with its reason; the API reports both as `invalid_token`. */
export class AccessTokenError extends Error {
  constructor(readonly reason: "expired" | "invalid") {
    super(`access token ${reason}`);
    this.name = "AccessTokenError";
  }
}

/**
 * Signs an access token. The result depends only on its inputs (Ed25519
 * signatures are deterministic), so the same claims give the same token.
 */
export async function signAccessToken(
  keyRing: KeyRing,
  settings: AccessTokenSettings,
  claims: AccessTokenClaims,
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAtSeconds = Math.floor(claims.issuedAt.getTime() / 1000);
  const expiresAtSeconds = issuedAtSeconds + settings.ttlSeconds;

  const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({
      alg: signingAlgorithm,
      kid: keyRing.signingKey.kid,
      typ: accessTokenType,
    })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(claims.userId)
    .setJti(claims.tokenId)
    .setIssuedAt(issuedAtSeconds)
    .setExpirationTime(expiresAtSeconds)
    .sign(keyRing.signingKey.key);

  return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
}

/**
 * Verifies an access token at time `now`.
 * Throws AccessTokenError for any token that is not valid, whatever the fault.
 */
export async function verifyAccessToken(
  keyRing: KeyRing,
  settings: AccessTokenSettings,
  token: string,
  now: Date,
): Promise<VerifiedAccessToken> {
  const findKey = (header: JWTHeaderParameters): webcrypto.CryptoKey => {
    const key = header.kid ? keyRing.publicKeys.get(header.kid) : undefined;
    if (!key) throw new AccessTokenError("invalid");
    return key;
  };

  let payload: Record<string, unknown>;
  try {
    const result = await jwtVerify(token, findKey, {
      algorithms: [signingAlgorithm],
      typ: accessTokenType,
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ["sub", "jti", "iat", "exp", "sid", "role"],
      maxTokenAge: settings.ttlSeconds,
      clockTolerance: clockToleranceSeconds,
      currentDate: now,
    });
    payload = result.payload;
  } catch (error) {
    // Tokens are attacker-controlled input: whatever fails while checking
    // one makes it invalid, never a server error.
    const isExpired = error instanceof errors.JWTExpired;
    throw new AccessTokenError(isExpired ? "expired" : "invalid");
  }

  return readClaims(payload);
}

function readClaims(payload: Record<string, unknown>): VerifiedAccessToken {
  const { sub, sid, jti, role } = payload;
  const isValid =
    typeof sub === "string" &&
    uuidPattern.test(sub) &&
    typeof sid === "string" &&
    uuidPattern.test(sid) &&
    typeof jti === "string" &&
    typeof role === "string" &&
    (userRoles as readonly string[]).includes(role);
  if (!isValid) throw new AccessTokenError("invalid");
  return { userId: sub, role: role as UserRole, sessionId: sid, tokenId: jti };
}
