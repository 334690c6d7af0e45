import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";

import { authenticate, requireUser } from "../../plugins/auth.js";
import { problemResponse } from "../products/problem.schemas.js";
import { createAccountService } from "../auth/accounts.service.js";
import { presentUser } from "../auth/auth.present.js";
import { UserResponse } from "../auth/auth.schemas.js";
import { createSessionService } from "../auth/sessions.service.js";
import { presentSession } from "./me.present.js";
import { SessionList, SessionParams } from "./me.schemas.js";

const bearerSecurity = [{ bearerAuth: [] }];

/** Registers the routes of the signed-in user's profile and sessions. */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = createAccountService({ db: app.database.db, now: app.now });
  const sessions = createSessionService({
    db: app.database.db,
    config: app.config,
    keyRing: app.keyRing,
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
