// Local verification of the API's access tokens, so a signed-in page costs
// no round trip to the API. The rules follow the API's own verifier: EdDSA
// only (so `alg: none` and HMAC keyed with the public key never pass), keys
// only from the API's JWKS by `kid` (never from the token's header),
// `typ: at+jwt`, the configured issuer and audience, and the claims the
// pages rely on. No clock leeway is allowed here: a token near its expiry
// is refreshed instead.
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
} from "jose";

/** The user facts that a valid access token carries. */
export interface AccessTokenClaims {
  userId: string;
  role: string;
  /** The refresh token family, shown as one device in the session list. */
  sessionId: string;
  /** Expiry, in seconds since the epoch. */
  expiresAtSeconds: number;
}

export type AccessTokenCheck =
  | { status: "valid"; claims: AccessTokenClaims }
  /** Valid now, but within the refresh margin of its expiry. */
  | { status: "expiring"; claims: AccessTokenClaims }
  /** Expired, badly signed, or not an access token of this API at all. */
  | { status: "invalid" };

export interface AccessTokenVerifier {
  /**
   * Verifies `token`. Throws when the JWKS cannot be fetched, because the
   * API is down; every problem with the token itself is a result.
   */
  check(token: string): Promise<AccessTokenCheck>;
}

export interface AccessTokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** How long one JWKS fetch may take. */
  timeoutMs: number;
  now?: () => number;
}

/** Tokens that expire within this margin are refreshed before use. */
export const refreshMarginSeconds = 30;

/**
 * The JWKS is fetched on first use and refetched when a token names an
 * unknown `kid` (a rotated key), at most once a minute. It is also refetched
 * after five minutes, the API's `max-age` on the JWKS, so a key the API has
 * removed stops verifying here too.
 */
const jwksCooldownMs = 60_000;
const jwksMaxAgeMs = 300_000;

function readClaims(payload: JWTPayload): AccessTokenClaims | undefined {
  const { sub, sid, role, exp } = payload;
  if (typeof sub !== "string" || typeof sid !== "string") return undefined;
  if (typeof role !== "string" || typeof exp !== "number") return undefined;
  return { userId: sub, role, sessionId: sid, expiresAtSeconds: exp };
}

/**
 * True for the errors that mean "the JWKS could not be loaded": a network
 * error from fetch, a timeout, a non-200 response or a body that is no JWKS.
 * jose 6 reports a non-200 response and a body that is not JSON as a plain
 * JOSEError. Every problem with the token itself has a more specific class.
 */
function isJwksUnavailable(error: unknown): boolean {
  if (!(error instanceof joseErrors.JOSEError)) return true;
  return (
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    error.code === joseErrors.JOSEError.code
  );
}

/** Builds a verifier that checks tokens against the API's JWKS. */
export function createAccessTokenVerifier(
  options: AccessTokenVerifierOptions,
): AccessTokenVerifier {
  const now = options.now ?? Date.now;
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: jwksCooldownMs,
    cacheMaxAge: jwksMaxAgeMs,
    timeoutDuration: options.timeoutMs,
  });

  return {
    async check(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ["EdDSA"],
          issuer: options.issuer,
          audience: options.audience,
          typ: "at+jwt",
          requiredClaims: ["sub", "sid", "role", "exp", "iat", "jti"],
          currentDate: new Date(now()),
        }));
      } catch (error) {
        if (isJwksUnavailable(error)) throw error;
        return { status: "invalid" };
      }

      const claims = readClaims(payload);
      if (claims === undefined) return { status: "invalid" };
      const secondsLeft = claims.expiresAtSeconds - now() / 1000;
      if (secondsLeft <= refreshMarginSeconds) {
        return { status: "expiring", claims };
      }
      return { status: "valid", claims };
    },
  };
}
