// Helpers for cart and order tests: access tokens without a sign-in round
// trip, and customers that come with one.
import { randomUUID } from "node:crypto";

import type { FastifyInstance } from "fastify";

import {
  signAccessToken,
  toAccessTokenSettings,
} from "../features/auth/access-tokens.js";
import { buildUser, type BuiltUser } from "./factories.js";

export interface Shopper extends BuiltUser {
  /** A valid access token of the user. */
  accessToken: string;
  headers: { authorization: string };
}

/**
 * Signs an access token for `user` with the app's keys. The API verifies
 * access tokens without the database, so no session row is needed.
 */
export async function issueAccessToken(
  app: FastifyInstance,
  user: Pick<BuiltUser, "id" | "role">,
): Promise<string> {
  const { token } = await signAccessToken(
    app.keyRing,
    toAccessTokenSettings(app.config),
    {
      userId: user.id,
      role: user.role,
      sessionId: randomUUID(),
      tokenId: randomUUID(),
      issuedAt: app.now(),
    },
  );
  return token;
}

/** Builds a customer and an access token for them. */
export async function buildShopper(app: FastifyInstance): Promise<Shopper> {
  const user = await buildUser(app.database.db);
  const accessToken = await issueAccessToken(app, user);
  return {
    ...user,
    accessToken,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}
