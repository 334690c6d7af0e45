import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { decodeJwt } from "jose";

import type { DatabaseHandle } from "../../db/client.js";
import { refreshTokenFamilies, users } from "../../db/schema.js";
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
} from "./auth.test-helpers.js";

const day = 24 * 3600;

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

async function signInNewUser(): Promise<{
  user: BuiltUser;
  pair: TokenPairBody;
}> {
  const user = await buildUser(database.db);
  const pair = await signIn(app, {
    login: user.email,
    password: user.password,
  });
  return { user, pair };
}

async function expectRefreshRejected(refreshToken: string): Promise<void> {
  const response = await refresh(app, refreshToken);
  assert.equal(response.statusCode, 401, response.body);
  assert.equal(response.json<ProblemDocument>().code, "INVALID_REFRESH_TOKEN");
}

function getMe(accessToken: string) {
  return app.inject({
    method: "GET",
    url: "/api/v1/me",
    headers: bearer(accessToken),
  });
}

async function findFamily(accessToken: string) {
  const familyId = String(decodeJwt(accessToken).sid);
  const [family] = await database.db
    .select()
    .from(refreshTokenFamilies)
    .where(eq(refreshTokenFamilies.id, familyId));
  assert.ok(family, "the access token's family exists");
  return family;
}

describe("POST /auth/token/refresh", () => {
  test("rotates the refresh token", async () => {
    const { pair } = await signInNewUser();
    clock.advanceSeconds(60);

    const response = await refresh(app, pair.refresh_token);

    assert.equal(response.statusCode, 200);
    const next = response.json<TokenPairBody>();
    assert.notEqual(next.refresh_token, pair.refresh_token);
    assert.notEqual(next.access_token, pair.access_token);
    assert.equal(next.expires_in, 300);
    assert.equal(response.headers["cache-control"], "no-store");
    assert.equal(
      decodeJwt(next.access_token).sid,
      decodeJwt(pair.access_token).sid,
    );
    assert.equal((await getMe(next.access_token)).statusCode, 200);
    assert.equal((await refresh(app, next.refresh_token)).statusCode, 200);
  });

  test("updates the family's last use", async () => {
    const { pair } = await signInNewUser();
    const signedIn = await findFamily(pair.access_token);
    clock.advanceSeconds(90);

    await refresh(app, pair.refresh_token);

    const refreshed = await findFamily(pair.access_token);
    assert.equal(
      refreshed.lastUsedAt.getTime() - signedIn.lastUsedAt.getTime(),
      90_000,
    );
  });

  test("returns the same pair within the grace window", async () => {
    const { pair } = await signInNewUser();
    const first = (
      await refresh(app, pair.refresh_token)
    ).json<TokenPairBody>();
    clock.advanceSeconds(4);

    const response = await refresh(app, pair.refresh_token);

    assert.equal(response.statusCode, 200);
    const second = response.json<TokenPairBody>();
    assert.equal(second.refresh_token, first.refresh_token);
    assert.equal(second.access_token, first.access_token);
    assert.equal(second.expires_in, 296);
    assert.equal((await refresh(app, first.refresh_token)).statusCode, 200);
  });

  test("revokes the family on reuse after the grace window", async () => {
    const { pair } = await signInNewUser();
    const successor = (
      await refresh(app, pair.refresh_token)
    ).json<TokenPairBody>();
    clock.advanceSeconds(6);

    await expectRefreshRejected(pair.refresh_token);

    await expectRefreshRejected(successor.refresh_token);
    const family = await findFamily(pair.access_token);
    assert.equal(family.revokedReason, "reuse_detected");
  });

  test("revokes the family when an older ancestor returns", async () => {
    const { pair } = await signInNewUser();
    const second = (
      await refresh(app, pair.refresh_token)
    ).json<TokenPairBody>();
    clock.advanceSeconds(10);
    const third = (
      await refresh(app, second.refresh_token)
    ).json<TokenPairBody>();
    clock.advanceSeconds(10);

    await expectRefreshRejected(pair.refresh_token);

    await expectRefreshRejected(third.refresh_token);
  });

  test("rejects an unknown token", async () => {
    await expectRefreshRejected("A".repeat(43));
  });

  test("rejects an expired token", async () => {
    const { pair } = await signInNewUser();
    clock.advanceSeconds(30 * day + 1);

    await expectRefreshRejected(pair.refresh_token);
  });

  test("keeps a session alive while it is used", async () => {
    const { pair } = await signInNewUser();
    clock.advanceSeconds(20 * day);
    const second = (
      await refresh(app, pair.refresh_token)
    ).json<TokenPairBody>();
    clock.advanceSeconds(20 * day);

    const response = await refresh(app, second.refresh_token);

    assert.equal(response.statusCode, 200);
  });

  test("rejects a deactivated user's token", async () => {
    const { user, pair } = await signInNewUser();
    await database.db
      .update(users)
      .set({ isActive: false })
      .where(eq(users.id, user.id));

    await expectRefreshRejected(pair.refresh_token);

    // The access token lives on until it expires.
    assert.equal((await getMe(pair.access_token)).statusCode, 200);
  });

  test("rejects a revoked family within the grace window", async () => {
    const { pair } = await signInNewUser();
    const successor = (
      await refresh(app, pair.refresh_token)
    ).json<TokenPairBody>();
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/token/revoke",
      payload: { refresh_token: successor.refresh_token },
    });

    await expectRefreshRejected(pair.refresh_token);
  });
});

describe("access token lifetime", () => {
  test("accepts the token until expiry plus leeway", async () => {
    const { pair } = await signInNewUser();
    clock.advanceSeconds(329);

    const response = await getMe(pair.access_token);

    assert.equal(response.statusCode, 200);
  });

  test("rejects the token after expiry plus leeway", async () => {
    const { pair } = await signInNewUser();
    clock.advanceSeconds(331);

    const response = await getMe(pair.access_token);

    assert.equal(response.statusCode, 401);
    assert.equal(
      response.headers["www-authenticate"],
      'Bearer error="invalid_token"',
    );
    assert.match(response.json<ProblemDocument>().detail, /expired/);
  });
});

describe("POST /auth/token/revoke", () => {
  test("signs out the token's session", async () => {
    const { pair } = await signInNewUser();

    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/token/revoke",
      payload: { refresh_token: pair.refresh_token },
    });

    assert.equal(response.statusCode, 204);
    await expectRefreshRejected(pair.refresh_token);
    const family = await findFamily(pair.access_token);
    assert.equal(family.revokedReason, "sign_out");
  });

  test("answers 204 for an unknown token", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/token/revoke",
      payload: { refresh_token: "unknown-token" },
    });

    assert.equal(response.statusCode, 204);
  });

  test("leaves the user's other sessions alone", async () => {
    const { user, pair } = await signInNewUser();
    const other = await signIn(app, {
      login: user.email,
      password: user.password,
    });

    await app.inject({
      method: "POST",
      url: "/api/v1/auth/token/revoke",
      payload: { refresh_token: pair.refresh_token },
    });

    assert.equal((await refresh(app, other.refresh_token)).statusCode, 200);
  });
});

describe("POST /auth/logout-all", () => {
  test("revokes every session of the user", async () => {
    const { user, pair } = await signInNewUser();
    const other = await signIn(app, {
      login: user.email,
      password: user.password,
    });
    const stranger = await signInNewUser();

    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/logout-all",
      headers: bearer(pair.access_token),
    });

    assert.equal(response.statusCode, 204);
    await expectRefreshRejected(pair.refresh_token);
    await expectRefreshRejected(other.refresh_token);
    const strangerRefresh = await refresh(app, stranger.pair.refresh_token);
    assert.equal(strangerRefresh.statusCode, 200);
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/logout-all",
    });

    assert.equal(response.statusCode, 401);
    assert.equal(response.headers["www-authenticate"], "Bearer");
  });
});

describe("POST /auth/password/change", () => {
  const newPassword = "lantern meadow copper 7";

  function changePassword(accessToken: string, body: Record<string, string>) {
    return app.inject({
      method: "POST",
      url: "/api/v1/auth/password/change",
      headers: bearer(accessToken),
      payload: body,
    });
  }

  test("ends other sessions and keeps the current one", async () => {
    const { user, pair } = await signInNewUser();
    const other = await signIn(app, {
      login: user.email,
      password: user.password,
    });

    const response = await changePassword(pair.access_token, {
      current_password: user.password,
      new_password: newPassword,
    });

    assert.equal(response.statusCode, 204);
    await expectRefreshRejected(other.refresh_token);
    assert.equal((await refresh(app, pair.refresh_token)).statusCode, 200);
  });

  test("replaces the password for sign-in", async () => {
    const { user, pair } = await signInNewUser();

    await changePassword(pair.access_token, {
      current_password: user.password,
      new_password: newPassword,
    });

    const withOld = await app.inject({
      method: "POST",
      url: "/api/v1/auth/token",
      payload: { login: user.email, password: user.password },
    });
    assert.equal(withOld.statusCode, 401);
    await signIn(app, { login: user.email, password: newPassword });
  });

  test("rejects a wrong current password", async () => {
    const { pair } = await signInNewUser();

    const response = await changePassword(pair.access_token, {
      current_password: "not my password",
      new_password: newPassword,
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<ProblemDocument>();
    assert.equal(problem.errors?.[0]?.field, "current_password");
  });

  test("applies the password rules to the new password", async () => {
    const { user, pair } = await signInNewUser();

    const response = await changePassword(pair.access_token, {
      current_password: user.password,
      new_password: "qwerty123",
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<ProblemDocument>();
    assert.equal(problem.errors?.[0]?.field, "new_password");
    assert.match(problem.detail, /too common/);
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password/change",
      payload: { current_password: "x", new_password: newPassword },
    });

    assert.equal(response.statusCode, 401);
  });
});
