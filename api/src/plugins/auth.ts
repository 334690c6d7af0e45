// Bearer authentication for the API's routes. The plugin loads the token keys
// and the clock; a route that needs a signed-in user calls requireUser or
// requireRole, which verify the access token locally (no database query) and
// set `request.user`. Public routes never look at the Authorization header,
// so a stale token cannot break a catalog read.
//
// Every 401 carries `WWW-Authenticate` (RFC 9110 requires it): plain
// `Bearer` when no token came, `Bearer error="invalid_token"` when the token
// failed verification (RFC 6750). Deactivating a user or revoking a session
// does not end access tokens already issued: they stay valid until they
// expire, at most ACCESS_TOKEN_TTL_SECONDS later, while refresh fails at once.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

import type { UserRole } from "../db/schema.js";
import { AppError } from "../errors.js";
import {
  AccessTokenError,
  toAccessTokenSettings,
  verifyAccessToken,
} from "../features/auth/access-tokens.js";
import { loadKeyRing, type KeyRing } from "../features/auth/keys.js";

export interface AuthenticatedUser {
  id: string;
  role: UserRole;
  /** The refresh token family the access token belongs to. */
  sessionId: string;
}

declare module "fastify" {
  interface FastifyInstance {
    keyRing: KeyRing;
    /** The current time; tests pass a clock they control. */
    now: () => Date;
  }
  interface FastifyRequest {
    /** Set by requireUser once the access token is verified. */
    user: AuthenticatedUser | null;
    /** The WWW-Authenticate challenge to send with a 401 or 403. */
    authChallenge: string | null;
  }
}

export interface AuthPluginOptions {
  now: () => Date;
  /** Keys to use instead of the ones the config describes. */
  keyRing?: KeyRing | undefined;
}

/** Longest Authorization header value worth parsing; tokens are ~400 bytes. */
const maxAuthorizationLength = 8192;
// RFC 6750 b64token, after the case-insensitive scheme name.
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Role ranks: a role includes every right of the roles below it. */
const roleRank: Record<UserRole, number> = { customer: 0, staff: 1, admin: 2 };

type BearerToken =
  | { kind: "missing" }
  | { kind: "malformed" }
  | { kind: "present"; token: string };

function readBearerToken(header: string | undefined): BearerToken {
  if (header === undefined || !/^bearer(\s|$)/i.test(header)) {
    return { kind: "missing" };
  }
  if (header.length > maxAuthorizationLength) return { kind: "malformed" };
  const match = bearerPattern.exec(header);
  if (!match?.[1]) return { kind: "malformed" };
  return { kind: "present", token: match[1] };
}

function rejectInvalidToken(
  request: FastifyRequest,
  reason: "expired" | "invalid",
): AppError {
  request.authChallenge = 'Bearer error="invalid_token"';
  const detail =
    reason === "expired"
      ? "The access token has expired: get a new one from POST /api/v1/auth/token/refresh."
      : "The access token is invalid: sign in again to get a new one.";
  return new AppError("INVALID_TOKEN", detail);
}

/**
 * Verifies the request's bearer token and sets `request.user`. Throws
 * AUTHENTICATION_REQUIRED when no token came and INVALID_TOKEN when it fails
 * verification, each with its WWW-Authenticate challenge.
 */
export async function requireUser(
  request: FastifyRequest,
): Promise<AuthenticatedUser> {
  if (request.user) return request.user;

  const bearer = readBearerToken(request.headers.authorization);
  if (bearer.kind === "missing") {
    request.authChallenge = "Bearer";
    throw new AppError(
      "AUTHENTICATION_REQUIRED",
      "Sign in and send the access token in the header Authorization: Bearer <token>.",
    );
  }
  if (bearer.kind === "malformed") {
    throw rejectInvalidToken(request, "invalid");
  }

  const { server } = request;
  try {
    const verified = await verifyAccessToken(
      server.keyRing,
      toAccessTokenSettings(server.config),
      bearer.token,
      server.now(),
    );
    request.user = {
      id: verified.userId,
      role: verified.role,
      sessionId: verified.sessionId,
    };
    return request.user;
  } catch (error) {
    if (!(error instanceof AccessTokenError)) throw error;
    throw rejectInvalidToken(request, error.reason);
  }
}

/**
 * An onRequest hook that runs requireUser, so that a route rejects a missing
 * or invalid token before it validates the request's body.
 */
export async function authenticate(request: FastifyRequest): Promise<void> {
  await requireUser(request);
}

/**
 * Requires a signed-in user whose role is `role` or above (customer < staff
 * < admin). Throws like requireUser, and FORBIDDEN when the role is lower.
 */
export async function requireRole(
  request: FastifyRequest,
  role: UserRole,
): Promise<AuthenticatedUser> {
  const user = await requireUser(request);
  if (roleRank[user.role] < roleRank[role]) {
    request.authChallenge = 'Bearer error="insufficient_scope"';
    throw new AppError(
      "FORBIDDEN",
      `This action needs the ${role} role; your account has the ${user.role} role.`,
    );
  }
  return user;
}

async function authentication(
  app: FastifyInstance,
  options: AuthPluginOptions,
): Promise<void> {
  const keyRing = options.keyRing ?? (await loadKeyRing(app.config));
  app.decorate("keyRing", keyRing);
  app.decorate("now", options.now);
  app.decorateRequest("user", null);
  app.decorateRequest("authChallenge", null);

  app.addHook("onSend", async (request, reply, payload) => {
    const needsChallenge =
      reply.statusCode === 401 ||
      (reply.statusCode === 403 && request.authChallenge !== null);
    if (needsChallenge && !reply.hasHeader("www-authenticate")) {
      reply.header("www-authenticate", request.authChallenge ?? "Bearer");
    }
    return payload;
  });
}

export default fp(authentication, {
  name: "authentication",
  dependencies: ["problem-details"],
});
