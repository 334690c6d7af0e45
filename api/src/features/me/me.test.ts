import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, type BuiltUser } from "../../test/factories.js";
import {
  bearer,
  buildAuthTestApp,
  createTestClock,
  refresh,
  signIn,
  type TestClock,
  type TokenPairBody,
} from "../auth/auth.test-helpers.js";
import type { UserResponse } from "../auth/auth.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let clock: TestClock;

before(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await buildAuthTestApp(database, { clock });
});

after(async () => {
  await app.close();
  await database.close();
});

interface SessionBody {
  id: string;
  device_label: string | null;
  created_at: string;
  last_used_at: string;
  current: boolean;
}

function signInAs(
  user: BuiltUser,
  deviceLabel?: string,
): Promise<TokenPairBody> {
  return signIn(app, {
    login: user.email,
    password: user.password,
    ...(deviceLabel ? { deviceLabel } : {}),
  });
}

async function listSessions(accessToken: string): Promise<SessionBody[]> {
  const response = await app.inject({
    method: "GET",
    url: "/api/v1/me/sessions",
    headers: bearer(accessToken),
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ results: SessionBody[] }>().results;
}

describe("GET /me", () => {
  test("returns the profile without the hash", async () => {
    const user = await buildUser(database.db, {
      username: "me_profile",
      firstName: "Katherine",
    });
    const pair = await signInAs(user);

    const response = await app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: bearer(pair.access_token),
    });

    assert.equal(response.statusCode, 200);
    const body = response.json<UserResponse & Record<string, unknown>>();
    assert.equal(body.id, user.id);
    assert.equal(body.email, user.email);
    assert.equal(body.username, "me_profile");
    assert.equal(body.first_name, "Katherine");
    assert.equal(body.password_hash, undefined);
  });

  test("requires an access token", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/me" });

    assert.equal(response.statusCode, 401);
    assert.equal(response.headers["www-authenticate"], "Bearer");
  });
});

describe("GET /me/sessions", () => {
  test("lists sessions and marks the current one", async () => {
    const user = await buildUser(database.db);
    const laptop = await signInAs(user, "Laptop");
    clock.advanceSeconds(10);
    const phone = await signInAs(user, "Phone");

    const sessions = await listSessions(laptop.access_token);

    assert.deepEqual(
      sessions.map((session) => [session.device_label, session.current]),
      [
        ["Phone", false],
        ["Laptop", true],
      ],
    );
    const fromPhone = await listSessions(phone.access_token);
    assert.equal(
      fromPhone.find((session) => session.current)?.device_label,
      "Phone",
    );
  });

  test("shows the last refresh time", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);
    clock.advanceSeconds(120);

    const refreshed = (
      await refresh(app, pair.refresh_token)
    ).json<TokenPairBody>();

    const [session] = await listSessions(refreshed.access_token);
    assert.equal(session?.last_used_at, clock.now().toISOString());
    assert.notEqual(session?.created_at, session?.last_used_at);
  });

  test("leaves out revoked sessions", async () => {
    const user = await buildUser(database.db);
    const kept = await signInAs(user, "Kept");
    const ended = await signInAs(user, "Ended");
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/token/revoke",
      payload: { refresh_token: ended.refresh_token },
    });

    const sessions = await listSessions(kept.access_token);

    assert.deepEqual(
      sessions.map((session) => session.device_label),
      ["Kept"],
    );
  });
});

describe("DELETE /me/sessions/{id}", () => {
  function deleteSession(accessToken: string, id: string) {
    return app.inject({
      method: "DELETE",
      url: `/api/v1/me/sessions/${id}`,
      headers: bearer(accessToken),
    });
  }

  test("signs out the chosen session", async () => {
    const user = await buildUser(database.db);
    const current = await signInAs(user, "Current");
    const other = await signInAs(user, "Other");
    const sessions = await listSessions(current.access_token);
    const otherId = sessions.find((session) => !session.current)?.id ?? "";

    const response = await deleteSession(current.access_token, otherId);

    assert.equal(response.statusCode, 204);
    assert.equal((await refresh(app, other.refresh_token)).statusCode, 401);
    assert.equal((await refresh(app, current.refresh_token)).statusCode, 200);
  });

  test("returns 404 for another user's session", async () => {
    const owner = await buildUser(database.db);
    const ownerPair = await signInAs(owner);
    const [ownerSession] = await listSessions(ownerPair.access_token);
    const intruder = await signInAs(await buildUser(database.db));

    const response = await deleteSession(
      intruder.access_token,
      ownerSession?.id ?? "",
    );

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<ProblemDocument>().code, "NOT_FOUND");
    assert.equal((await refresh(app, ownerPair.refresh_token)).statusCode, 200);
  });

  test("returns 404 for an ended session", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);
    const [session] = await listSessions(pair.access_token);
    await deleteSession(pair.access_token, session?.id ?? "");

    const response = await deleteSession(pair.access_token, session?.id ?? "");

    assert.equal(response.statusCode, 404);
  });

  test("rejects an id that is not a UUID", async () => {
    const pair = await signInAs(await buildUser(database.db));

    const response = await deleteSession(pair.access_token, "not-a-uuid");

    assert.equal(response.statusCode, 400);
  });
});
