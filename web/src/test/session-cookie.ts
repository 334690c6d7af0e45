// Opens the web's encrypted session cookie in tests, with the same plugin
// and a secret the test gave the web process, to check what the session
// stores. It also seals changed data again, so that a test can set up a
// session state that the pages cannot reach.
import assert from "node:assert/strict";

import secureSession from "@fastify/secure-session";
import Fastify, { type FastifyInstance } from "fastify";

import { deriveSessionKey } from "../auth/session-key.js";

/** A WEB_SESSION_SECRET for test stacks whose cookies the tests open. */
export const testSessionSecret =
  "a session secret for tests only, long enough to derive a key";

/** Runs `use` with a Fastify app that has the web's session plugin. */
async function withSessionPlugin<T>(
  secret: string,
  use: (app: FastifyInstance) => T,
): Promise<T> {
  const app = Fastify();
  try {
    await app.register(secureSession, {
      key: deriveSessionKey(secret),
      cookieName: "bazaar_session",
    });
    await app.ready();
    return use(app);
  } finally {
    await app.close();
  }
}

/** Returns the data of a session cookie value encrypted with `secret`. */
export function readSessionData(
  cookieValue: string,
  secret: string,
): Promise<Record<string, unknown>> {
  return withSessionPlugin(secret, (app) => {
    const session = app.decodeSecureSession(decodeURIComponent(cookieValue));
    assert.ok(session, "the session cookie decrypts");
    return (session.data() ?? {}) as Record<string, unknown>;
  });
}

/** Returns a session cookie value that contains `data`, encrypted with `secret`. */
export function sealSessionData(
  data: Record<string, unknown>,
  secret: string,
): Promise<string> {
  return withSessionPlugin(secret, (app) =>
    encodeURIComponent(app.encodeSecureSession(app.createSecureSession(data))),
  );
}
