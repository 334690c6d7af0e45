import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";

import { normaliseEmail } from "../auth/identifiers.js";
import { problemResponse } from "../products/problem.schemas.js";
import {
  PasswordResetBody,
  PasswordResetConfirmBody,
} from "./password-reset.schemas.js";
import { createPasswordResetService } from "./password-reset.service.js";

/** Registers the routes that request and confirm a password reset. */
export const passwordResetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const resets = createPasswordResetService({
    db: app.database.db,
    now: app.now,
    webPublicUrl: app.config.webPublicUrl,
    mail: app.mail,
  });
  app.addHook("onClose", async () => resets.settled());
  const limiter = app.rateLimiter;

  app.post(
    "/auth/password/reset",
    {
      schema: {
        tags: ["auth"],
        operationId: "requestPasswordReset",
        summary: "Send a password reset link",
        description:
          "Returns 202 at once, the same for every address. When an active account has the address, a single-use link to the web's /reset-password page follows by mail. The link expires in 1 hour and ends older links. A failed delivery is only logged, so ask again.",
        body: PasswordResetBody,
        response: {
          202: Type.Null({ description: "No content." }),
          400: problemResponse("The email is missing."),
          429: problemResponse(
            "Too many reset requests from this client or for this address; Retry-After gives the seconds to wait.",
          ),
        },
      },
    },
    async (request, reply) => {
      const email = normaliseEmail(request.body.email).toLowerCase();
      await limiter.consume("resetRequestPerAddress", request.ip);
      await limiter.consume("resetRequestPerEmail", email);
      resets.requestReset(email, request.log);
      return reply.code(202).send(null);
    },
  );

  app.post(
    "/auth/password/reset/confirm",
    {
      schema: {
        tags: ["auth"],
        operationId: "confirmPasswordReset",
        summary: "Set a new password with a reset token",
        description:
          "Sets the password, marks the email verified and signs out every session of the user.",
        body: PasswordResetConfirmBody,
        response: {
          204: Type.Null({ description: "No content." }),
          400: problemResponse(
            "The token is unknown, used or expired, or the new password breaks a rule.",
          ),
          429: problemResponse(
            "Too many attempts from this client; Retry-After gives the seconds to wait.",
          ),
        },
      },
    },
    async (request, reply) => {
      await limiter.consume("resetConfirmPerAddress", request.ip);
      const { userId } = await resets.confirmReset(
        request.body.token,
        request.body.new_password,
      );
      request.log.info({ userId }, "password reset");
      return reply.code(204).send(null);
    },
  );
};
