import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { createTestDatabase } from "../../test/database.js";
import {
  buildUser,
  uniqueSuffix,
  type BuiltUser,
} from "../../test/factories.js";
import { readLinkToken, waitForMailboxMessage } from "../../test/mail.js";
import type { UserResponse } from "../auth/auth.schemas.js";
import {
  bearer,
  buildAuthTestApp,
  createTestClock,
  refresh,
  signIn,
  type TestClock,
} from "../auth/auth.test-helpers.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let clock: TestClock;

before(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await buildAuthTestApp(database, {
    clock,
    config: { webPublicUrl: "https://shop.example.test" },
  });
});

after(async () => {
  await app.close();
  await database.close();
});

const newPassword = "amber lantern canyon 7";

function requestReset(email: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/api/v1/auth/password/reset",
    payload: { email },
  });
}

function confirmReset(
  token: string,
  password = newPassword,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/api/v1/auth/password/reset/confirm",
    payload: { token, new_password: password },
  });
}

/** Requests a reset for `user` and returns the token from the mailed link. */
async function mailedToken(user: BuiltUser): Promise<string> {
  const seen = app.mail.mailbox.list();
  const response = await requestReset(user.email);
  assert.equal(response.statusCode, 202);
  const message = await waitForMailboxMessage(app, user.email, { seen });
  return readLinkToken(message.text);
}

function tokenFieldMessage(response: LightMyRequestResponse): string {
  const problem = response.json<ProblemDocument>();
  return (
    problem.errors?.find((error) => error.field === "token")?.message ?? ""
  );
}

describe("POST /auth/password/reset", () => {
  test("answers the same for an unknown email", async () => {
    const user = await buildUser(database.db);
    const unknownEmail = `nobody-${uniqueSuffix()}@example.com`;

    const unknown = await requestReset(unknownEmail);
    const known = await requestReset(user.email.toUpperCase());

    assert.equal(unknown.statusCode, 202);
    assert.equal(known.statusCode, 202);
    assert.equal(unknown.body, known.body);
    assert.equal(
      unknown.headers["content-type"],
      known.headers["content-type"],
    );
    await waitForMailboxMessage(app, user.email);
    const toUnknown = app.mail.mailbox
      .list()
      .filter((message) => message.to === unknownEmail);
    assert.deepEqual(toUnknown, []);
  });

  test("mails a single-use link to the web", async () => {
    const user = await buildUser(database.db);

    await requestReset(user.email);

    const message = await waitForMailboxMessage(app, user.email);
    assert.equal(message.subject, "Reset your password");
    assert.match(
      message.text,
      /https:\/\/shop\.example\.test\/reset-password\?token=[A-Za-z0-9_-]{43}\b/,
    );
  });

  test("sends nothing to a deactivated account", async () => {
    const user = await buildUser(database.db, { isActive: false });
    const active = await buildUser(database.db);

    await requestReset(user.email);
    await requestReset(active.email);

    await waitForMailboxMessage(app, active.email);
    const toInactive = app.mail.mailbox
      .list()
      .filter((message) => message.to === user.email);
    assert.deepEqual(toInactive, []);
  });

  test("rejects a missing email", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password/reset",
      payload: {},
    });

    assert.equal(response.statusCode, 400);
  });
});

describe("POST /auth/password/reset/confirm", () => {
  test("sets the password and ends every session", async () => {
    const user = await buildUser(database.db);
    const laptop = await signIn(app, {
      login: user.email,
      password: user.password,
    });
    const phone = await signIn(app, {
      login: user.email,
      password: user.password,
    });
    const token = await mailedToken(user);

    const response = await confirmReset(token);

    assert.equal(response.statusCode, 204, response.body);
    assert.equal((await refresh(app, laptop.refresh_token)).statusCode, 401);
    assert.equal((await refresh(app, phone.refresh_token)).statusCode, 401);
    await assert.rejects(
      signIn(app, { login: user.email, password: user.password }),
    );
    const fresh = await signIn(app, {
      login: user.email,
      password: newPassword,
    });
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: bearer(fresh.access_token),
    });
    assert.equal(me.json<UserResponse>().email_verified, true);
  });

  test("rejects a token used twice", async () => {
    const user = await buildUser(database.db);
    const token = await mailedToken(user);
    await confirmReset(token);

    const again = await confirmReset(token, "second choice pass 8");

    assert.equal(again.statusCode, 400);
    assert.match(
      tokenFieldMessage(again),
      /^token is invalid, used or expired/,
    );
    await signIn(app, { login: user.email, password: newPassword });
  });

  test("rejects an expired token", async () => {
    const user = await buildUser(database.db);
    const token = await mailedToken(user);
    clock.advanceSeconds(3600 + 1);

    const response = await confirmReset(token);

    assert.equal(response.statusCode, 400);
    assert.match(tokenFieldMessage(response), /expired/);
  });

  test("accepts a token just before expiry", async () => {
    const user = await buildUser(database.db);
    const token = await mailedToken(user);
    clock.advanceSeconds(3600 - 1);

    const response = await confirmReset(token);

    assert.equal(response.statusCode, 204);
  });

  test("rejects an unknown token", async () => {
    const response = await confirmReset("A".repeat(43));

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ProblemDocument>().code, "VALIDATION_FAILED");
  });

  test("ends older links on a new request", async () => {
    const user = await buildUser(database.db);
    const older = await mailedToken(user);
    const newer = await mailedToken(user);

    const olderResponse = await confirmReset(older);
    const newerResponse = await confirmReset(newer);

    assert.equal(olderResponse.statusCode, 400);
    assert.equal(newerResponse.statusCode, 204);
  });

  test("applies the password policy", async () => {
    const user = await buildUser(database.db);
    const token = await mailedToken(user);

    const weak = await confirmReset(token, "password");
    const own = await confirmReset(token, user.email);
    const good = await confirmReset(token);

    assert.equal(weak.statusCode, 400);
    assert.equal(
      weak.json<ProblemDocument>().errors?.[0]?.field,
      "new_password",
    );
    assert.equal(own.statusCode, 400);
    assert.equal(good.statusCode, 204);
  });
});
