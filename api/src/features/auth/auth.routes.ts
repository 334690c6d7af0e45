import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyReply } from "fastify";

import { AppError } from "../../errors.js";
import { authenticate, requireUser } from "../../plugins/auth.js";
import { problemResponse } from "../products/problem.schemas.js";
import { buildVerificationService } from "../verification/verification.routes.js";
import { createAccountService } from "./accounts.service.js";
import { presentTokenPair, presentUser } from "./auth.present.js";
import {
  Jwks,
  PasswordChangeBody,
  RefreshTokenBody,
  RegisterBody,
  TokenBody,
  TokenResponse,
  UserResponse,
} from "./auth.schemas.js";
import { classifyLogin, normaliseEmail } from "./identifiers.js";
import { createSessionService } from "./sessions.service.js";

const NoContent = Type.Null({ description: "No content." });
const bearerSecurity = [{ bearerAuth: [] }];

/** Token responses must not be stored by any cache (RFC 6749 §5.1). */
function preventCaching(reply: FastifyReply): void {
  reply.header("cache-control", "no-store").header("pragma", "no-cache");
}

/** The key that sign-in failures are counted under: the normalised login. */
function signInAccountKey(login: string): string {
  const classified = classifyLogin(login);
  return `${classified.kind}:${classified.value ?? login.trim()}`;
}

/** Registers the routes for registration, sign-in, tokens and passwords. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = createAccountService({ db: app.database.db, now: app.now });
  const sessions = createSessionService({
    db: app.database.db,
    config: app.config,
    keyRing: app.keyRing,
    now: app.now,
    log: app.log,
  });
  const verification = buildVerificationService(app);
  const limiter = app.rateLimiter;

  app.post(
    "/auth/register",
    {
      schema: {
        tags: ["auth"],
        operationId: "register",
        summary: "Register a customer account",
        description:
          "Sends a 6-digit code and a link to verify the email address. A failed delivery is logged and the registration still succeeds: ask for a new code with POST /api/v1/auth/verify-email/request.",
        body: RegisterBody,
        response: {
          201: UserResponse,
          400: problemResponse("A field is invalid; `errors` names each one."),
          409: problemResponse(
            "The email, username or phone belongs to another user.",
          ),
          429: problemResponse(
            "Too many registrations from this client or for this email; Retry-After gives the seconds to wait.",
          ),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      await limiter.consume("registerPerAddress", request.ip);
      await limiter.consume(
        "registerPerEmail",
        normaliseEmail(body.email).toLowerCase(),
      );
      const user = await accounts.register({
        email: body.email,
        password: body.password,
        username: body.username,
        phone: body.phone,
        firstName: body.first_name,
        lastName: body.last_name,
      });
      request.log.info({ userId: user.id }, "user registered");
      // The account exists now, so a failure here must not fail the request:
      // the user can ask for a new code.
      await verification
        .sendEmailVerification(user.id, request.log)
        .catch((error: unknown) => {
          request.log.error(
            { err: error, userId: user.id },
            "email verification not started",
          );
        });
      return reply.code(201).send(presentUser(user));
    },
  );

  app.post(
    "/auth/token",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in with a login and password",
        description:
          "Returns an access token and a refresh token. An unknown login, a wrong password and a deactivated account all give the same 401 problem (INVALID_CREDENTIALS).",
        operationId: "signIn",
        body: TokenBody,
        response: {
          200: TokenResponse,
          400: problemResponse("A field is missing or invalid."),
          401: problemResponse("The login or the password is wrong."),
          429: problemResponse(
            "Too many attempts from this client, or sign-in to this login is locked after repeated failures; Retry-After gives the seconds to wait.",
          ),
        },
      },
    },
    async (request, reply) => {
      const { login, password, device_label } = request.body;
      const account = signInAccountKey(login);
      await limiter.consume("signInPerAddress", request.ip);
      await limiter.assertSignInUnlocked(account);
      const user = await accounts
        .authenticate(login, password)
        .catch(async (error: unknown) => {
          if (
            error instanceof AppError &&
            error.code === "INVALID_CREDENTIALS"
          ) {
            await limiter.recordSignInFailure(account);
          }
          throw error;
        });
      await limiter.clearSignInFailures(account);
      const pair = await sessions.startSession(user, device_label);
      request.log.info({ userId: user.id }, "user signed in");
      preventCaching(reply);
      return presentTokenPair(pair);
    },
  );

  app.post(
    "/auth/token/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Exchange a refresh token for a new token pair",
        description:
          "Each refresh token works once. Presenting it again within a few seconds returns the same new pair; later, it revokes the whole session.",
        operationId: "refreshToken",
        body: RefreshTokenBody,
        response: {
          200: TokenResponse,
          400: problemResponse("The refresh token is missing."),
          401: problemResponse(
            "The refresh token is unknown, expired, revoked or reused.",
          ),
        },
      },
    },
    async (request, reply) => {
      const pair = await sessions.refresh(request.body.refresh_token);
      preventCaching(reply);
      return presentTokenPair(pair);
    },
  );

  app.post(
    "/auth/token/revoke",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign out the session of a refresh token",
        description:
          "Revokes the session the refresh token belongs to. Answers 204 for unknown tokens too (RFC 7009).",
        operationId: "revokeToken",
        body: RefreshTokenBody,
        response: {
          204: NoContent,
          400: problemResponse("The refresh token is missing."),
        },
      },
    },
    async (request, reply) => {
      await sessions.revoke(request.body.refresh_token);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/auth/logout-all",
    {
      schema: {
        tags: ["auth"],
        operationId: "signOutEverywhere",
        summary: "Sign out every session of the current user",
        security: bearerSecurity,
        response: {
          204: NoContent,
          401: problemResponse("The access token is missing or invalid."),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      const count = await sessions.endAllSessions(user.id);
      request.log.info({ userId: user.id, count }, "all sessions ended");
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/auth/password/change",
    {
      schema: {
        tags: ["auth"],
        summary: "Change the current user's password",
        description:
          "Ends every other session of the user; the session of this access token stays signed in.",
        security: bearerSecurity,
        operationId: "changePassword",
        body: PasswordChangeBody,
        response: {
          204: NoContent,
          400: problemResponse(
            "The current password is wrong or the new one breaks a rule.",
          ),
          401: problemResponse("The access token is missing or invalid."),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      await accounts.changePassword(user.id, {
        currentPassword: request.body.current_password,
        newPassword: request.body.new_password,
        currentSessionId: user.sessionId,
      });
      request.log.info({ userId: user.id }, "password changed");
      return reply.code(204).send(null);
    },
  );
};

/** Serves the public keys that verify access tokens at the standard path. */
export const jwksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/.well-known/jwks.json",
    {
      schema: {
        tags: ["auth"],
        operationId: "getJwks",
        summary: "Public keys that verify access tokens (JWK Set)",
        response: { 200: Jwks },
      },
      logLevel: "warn",
    },
    async (_request, reply) => {
      // Clients cache the set briefly and fetch it again on an unknown kid.
      reply.header("cache-control", "public, max-age=300");
      return { keys: [...app.keyRing.jwks.keys] };
    },
  );
};
