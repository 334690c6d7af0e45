import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";

import { AppError } from "../../errors.js";
import { authenticate, requireUser } from "../../plugins/auth.js";
import { presentUser } from "../auth/auth.present.js";
import { UserResponse } from "../auth/auth.schemas.js";
import { problemResponse } from "../products/problem.schemas.js";
import {
  VerificationSentResponse,
  VerifyEmailBody,
  VerifyPhoneBody,
} from "./verification.schemas.js";
import { deriveCodeKey } from "./verification-secrets.js";
import {
  createVerificationService,
  type VerificationSent,
  type VerificationService,
} from "./verification.service.js";

const bearerSecurity = [{ bearerAuth: [] }];
const mailFailureNote =
  "A failed delivery is logged and still answers 202: ask again after a minute.";

/** Builds the verification service from the app's database, clock and mail. */
export function buildVerificationService(
  app: FastifyInstance,
): VerificationService {
  return createVerificationService({
    db: app.database.db,
    now: app.now,
    codeKey: deriveCodeKey(app.keyRing.refreshTokenSecret),
    webPublicUrl: app.config.webPublicUrl,
    mail: app.mail,
  });
}

export function presentVerificationSent(
  sent: VerificationSent,
): VerificationSentResponse {
  return { sent_to: sent.sentTo, expires_in: sent.expiresInSeconds };
}

/** Registers the routes that send and check email and phone codes. */
export const verificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const verification = buildVerificationService(app);
  const limiter = app.rateLimiter;

  app.post(
    "/auth/verify-email/request",
    {
      schema: {
        tags: ["auth"],
        operationId: "requestEmailVerification",
        summary: "Send a new email verification code and link",
        description: `Sends a 6-digit code and a link to the user's email address; both expire in 15 minutes and the new code ends older ones. At most one code per minute and 5 per hour. ${mailFailureNote}`,
        security: bearerSecurity,
        response: {
          202: VerificationSentResponse,
          401: problemResponse("The access token is missing or invalid."),
          409: problemResponse("The email address is already verified."),
          429: problemResponse(
            "A code was sent too recently; Retry-After gives the seconds to wait.",
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      const sent = await verification.sendEmailVerification(
        user.id,
        request.log,
      );
      return reply.code(202).send(presentVerificationSent(sent));
    },
  );

  app.post(
    "/auth/verify-email",
    {
      schema: {
        tags: ["auth"],
        operationId: "verifyEmail",
        summary: "Verify the email address with a code or a link token",
        description:
          "With `code`, the user must be signed in; with `token` (from the link), no access token is needed. A code from an email change message changes the email to the new address.",
        security: [...bearerSecurity, {}],
        body: VerifyEmailBody,
        response: {
          200: UserResponse,
          400: problemResponse(
            "The code is wrong (the field error says how many attempts are left), expired or used up, or the token is invalid.",
          ),
          401: problemResponse("A code was sent without a valid access token."),
          409: problemResponse(
            "The new address of an email change now belongs to another account.",
          ),
          429: problemResponse(
            "Too many checks; Retry-After gives the seconds to wait.",
          ),
        },
      },
    },
    async (request) => {
      const { code, token } = request.body;
      if ((code === undefined) === (token === undefined)) {
        const message = "body must contain either code or token.";
        throw new AppError("VALIDATION_FAILED", message, [
          { field: "body", message },
        ]);
      }
      await limiter.consume("codeCheckPerAddress", request.ip);
      if (token !== undefined) {
        const user = await verification.verifyEmailLink(token);
        request.log.info({ userId: user.id }, "email verified by link");
        return presentUser(user);
      }

      const { id } = await requireUser(request);
      await limiter.consume("codeCheckPerUser", id);
      const user = await verification.verifyEmailCode(id, code ?? "");
      request.log.info({ userId: id }, "email verified by code");
      return presentUser(user);
    },
  );

  app.post(
    "/auth/verify-phone/request",
    {
      schema: {
        tags: ["auth"],
        operationId: "requestPhoneVerification",
        summary: "Send a phone verification code by SMS",
        description: `Sends a 6-digit code to the user's phone; it expires in 15 minutes and ends older ones. At most one code per minute and 5 per hour. A failed delivery is logged and still answers 202: ask again after a minute.`,
        security: bearerSecurity,
        response: {
          202: VerificationSentResponse,
          401: problemResponse("The access token is missing or invalid."),
          409: problemResponse(
            "The user has no phone number, or it is already verified.",
          ),
          429: problemResponse(
            "A code was sent too recently; Retry-After gives the seconds to wait.",
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      const sent = await verification.sendPhoneVerification(
        user.id,
        request.log,
      );
      return reply.code(202).send(presentVerificationSent(sent));
    },
  );

  app.post(
    "/auth/verify-phone",
    {
      schema: {
        tags: ["auth"],
        operationId: "verifyPhone",
        summary: "Verify the phone number with the code from the SMS",
        security: bearerSecurity,
        body: VerifyPhoneBody,
        response: {
          200: UserResponse,
          400: problemResponse(
            "The code is wrong (the field error says how many attempts are left), expired or used up.",
          ),
          401: problemResponse("The access token is missing or invalid."),
          429: problemResponse(
            "Too many checks; Retry-After gives the seconds to wait.",
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const { id } = await requireUser(request);
      await limiter.consume("codeCheckPerAddress", request.ip);
      await limiter.consume("codeCheckPerUser", id);
      const user = await verification.verifyPhoneCode(id, request.body.code);
      request.log.info({ userId: id }, "phone verified");
      return presentUser(user);
    },
  );
};
