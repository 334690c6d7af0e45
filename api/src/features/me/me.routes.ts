import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";

import { assertSomeFieldGiven } from "../../errors.js";
import { authenticate, requireUser } from "../../plugins/auth.js";
import { problemResponse } from "../products/problem.schemas.js";
import { createAccountService } from "../auth/accounts.service.js";
import { presentUser } from "../auth/auth.present.js";
import { UserResponse } from "../auth/auth.schemas.js";
import { createSessionService } from "../auth/sessions.service.js";
import {
  EmailChangeField,
  EmailChangePending,
} from "../verification/verification.schemas.js";
import { buildVerificationService } from "../verification/verification.routes.js";
import { createAccountDataService } from "./account.service.js";
import {
  exportFileName,
  presentAccountExport,
  presentSession,
} from "./me.present.js";
import {
  AccountDeleteBody,
  AccountExport,
  ProfileUpdateBody,
  SessionList,
  SessionParams,
} from "./me.schemas.js";
import { createProfileService } from "./profile.service.js";

const bearerSecurity = [{ bearerAuth: [] }];

const MeUpdateBody = Type.Composite(
  [ProfileUpdateBody, Type.Object({ email: Type.Optional(EmailChangeField) })],
  { description: "The profile fields to change; at least one." },
);
const MeUpdateResponse = Type.Composite([UserResponse, EmailChangePending]);

/**
 * Registers the routes of the signed-in user's profile, sessions, account
 * deletion and data export.
 */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = createAccountService({ db: app.database.db, now: app.now });
  const sessions = createSessionService({
    db: app.database.db,
    config: app.config,
    keyRing: app.keyRing,
    now: app.now,
    log: app.log,
  });
  const profiles = createProfileService({ db: app.database.db, now: app.now });
  const verification = buildVerificationService(app);
  const accountData = createAccountDataService({
    db: app.database.db,
    now: app.now,
    log: app.log,
  });

  app.get(
    "/me",
    {
      schema: {
        tags: ["me"],
        operationId: "getMe",
        summary: "The current user's profile",
        security: bearerSecurity,
        response: {
          200: UserResponse,
          401: problemResponse("The access token is missing or invalid."),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const { id } = await requireUser(request);
      return presentUser(await accounts.getUserOrThrow(id));
    },
  );

  app.patch(
    "/me",
    {
      schema: {
        tags: ["me"],
        operationId: "updateMe",
        summary: "Change the current user's profile",
        description:
          "Send only the fields to change. A new phone number is unverified until proven again. A new email gets a code and a link and replaces the current one once verified; a failed delivery is logged only, so send it again after a minute.",
        security: bearerSecurity,
        body: MeUpdateBody,
        response: {
          200: MeUpdateResponse,
          400: problemResponse("No field was sent, or a field is invalid."),
          401: problemResponse("The access token is missing or invalid."),
          409: problemResponse(
            "Another user has the username, the phone number or the email.",
          ),
          429: problemResponse(
            "A code went to the new email too recently; Retry-After gives the seconds to wait.",
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const { id } = await requireUser(request);
      const { body } = request;
      assertSomeFieldGiven(body, Object.keys(MeUpdateBody.properties));
      const { email, ...profileFields } = body;
      const hasProfileFields = Object.values(profileFields).some(
        (value) => value !== undefined,
      );
      const user = hasProfileFields
        ? await profiles.updateProfile(id, {
            firstName: body.first_name,
            lastName: body.last_name,
            username: body.username,
            phone: body.phone,
          })
        : await accounts.getUserOrThrow(id);
      if (email === undefined) return presentUser(user);

      const sent = await verification.requestEmailChange(
        id,
        email,
        request.log,
      );
      if (!sent) return presentUser(user);
      return {
        ...presentUser(user),
        email_change: {
          sent_to: sent.sentTo,
          expires_in: sent.expiresInSeconds,
        },
      };
    },
  );

  app.delete(
    "/me",
    {
      schema: {
        tags: ["me"],
        operationId: "deleteMe",
        summary: "Delete the current user's account",
        description:
          "Deletes the account with its sessions, codes and addresses, once the password is entered again. This cannot be undone.",
        security: bearerSecurity,
        body: AccountDeleteBody,
        response: {
          204: Type.Null({ description: "No content." }),
          400: problemResponse("The password is missing or wrong."),
          401: problemResponse("The access token is missing or invalid."),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const { id } = await requireUser(request);
      await accountData.deleteAccount(id, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/me/export",
    {
      schema: {
        tags: ["me"],
        operationId: "exportMe",
        summary: "Download everything stored about the current user",
        description:
          "A JSON attachment with the profile, the address book and every session; no password hash or token.",
        security: bearerSecurity,
        response: {
          200: AccountExport,
          401: problemResponse("The access token is missing or invalid."),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const { id } = await requireUser(request);
      const data = await accountData.exportAccount(id);
      return reply
        .header(
          "content-disposition",
          `attachment; filename="${exportFileName(data.exportedAt)}"`,
        )
        .header("cache-control", "no-store")
        .send(presentAccountExport(data));
    },
  );

  app.get(
    "/me/sessions",
    {
      schema: {
        tags: ["me"],
        operationId: "listMySessions",
        summary: "The current user's signed-in sessions",
        security: bearerSecurity,
        response: {
          200: SessionList,
          401: problemResponse("The access token is missing or invalid."),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const user = await requireUser(request);
      const families = await sessions.listSessions(user.id);
      return {
        results: families.map((family) =>
          presentSession(family, user.sessionId),
        ),
      };
    },
  );

  app.delete(
    "/me/sessions/:id",
    {
      schema: {
        tags: ["me"],
        summary: "Sign out one of the current user's sessions",
        description:
          "Another user's session, or one already ended, is not found (404).",
        security: bearerSecurity,
        operationId: "endMySession",
        params: SessionParams,
        response: {
          204: Type.Null({ description: "No content." }),
          400: problemResponse("The id is not a UUID."),
          401: problemResponse("The access token is missing or invalid."),
          404: problemResponse("The user has no active session with this id."),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const user = await requireUser(request);
      await sessions.endSession(user.id, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
