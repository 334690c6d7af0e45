// Opens the web's encrypted session cookie in tests, with the same plugin
// and a secret the test gave the web process, to check what the session
// stores.
import assert from "node:assert/strict";

import secureSession from "@fastify/secure-session";
import Fastify from "fastify";

import { deriveSessionKey } from "../auth/session-key.js";

/** A WEB_SESSION_SECRET for test stacks whose cookies the tests open. */
export const testSessionSecret =
  "a session secret for tests only, long enough to derive a key";

/** Returns the data of a session cookie value encrypted with `secret`. */
export async function readSessionData(
  cookieValue: string,
  secret: string,
): Promise<Record<string, unknown>> {
  const app = Fastify();
  try {
    await app.register(secureSession, {
      key: deriveSessionKey(secret),
      cookieName: "bazaar_session",
    });
    await app.ready();
    const session = app.decodeSecureSession(decodeURIComponent(cookieValue));
    assert.ok(session, "the session cookie decrypts");
    return (session.data() ?? {}) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
