import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { users } from "../../db/schema.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { createTestDatabase } from "../../test/database.js";
import {
  buildUser,
  uniqueSuffix,
  type BuiltUser,
} from "../../test/factories.js";
import {
  bearer,
  buildAuthTestApp,
  createTestClock,
  signIn,
} from "../auth/auth.test-helpers.js";
import type { UserResponse } from "../auth/auth.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  app = await buildAuthTestApp(database, { clock: createTestClock() });
});

after(async () => {
  await app.close();
  await database.close();
});

async function tokenOf(user: BuiltUser): Promise<string> {
  const pair = await signIn(app, {
    login: user.email,
    password: user.password,
  });
  return pair.access_token;
}

function patchMe(
  token: string,
  payload: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "PATCH",
    url: "/api/v1/me",
    headers: bearer(token),
    payload,
  });
}

function fieldMessages(response: LightMyRequestResponse): Map<string, string> {
  const problem = response.json<ProblemDocument>();
  return new Map(
    (problem.errors ?? []).map((error) => [error.field, error.message]),
  );
}

/** Returns a username unique to this test process, 3 to 30 characters. */
function newUsername(): string {
  return `user_${uniqueSuffix()}`.slice(0, 30);
}

/** A valid UK mobile number, unique within this test file's database. */
let phoneSequence = 0;
function newPhone(): string {
  phoneSequence += 1;
  return `+4477001${String(phoneSequence).padStart(5, "0")}`;
}

async function markPhoneVerified(userId: string): Promise<void> {
  await database.db
    .update(users)
    .set({ phoneVerifiedAt: new Date() })
    .where(eq(users.id, userId));
}

describe("PATCH /me", () => {
  test("changes names and keeps other fields", async () => {
    const user = await buildUser(database.db, { username: newUsername() });
    const token = await tokenOf(user);

    const response = await patchMe(token, {
      first_name: "  Grace ",
      last_name: "Hopper",
    });

    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<UserResponse & Record<string, unknown>>();
    assert.equal(body.first_name, "Grace");
    assert.equal(body.last_name, "Hopper");
    assert.equal(body.username, user.username);
    assert.equal(body.email, user.email);
    assert.equal(body.password_hash, undefined);
  });

  test("clears a name with an empty string", async () => {
    const token = await tokenOf(await buildUser(database.db));

    const response = await patchMe(token, { last_name: "" });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().last_name, "");
  });

  test("changes the username for sign-in", async () => {
    const user = await buildUser(database.db);
    const token = await tokenOf(user);
    const username = newUsername();

    const response = await patchMe(token, { username });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().username, username);
    const pair = await signIn(app, {
      login: username.toUpperCase(),
      password: user.password,
    });
    assert.ok(pair.access_token);
  });

  test("changes letter case of own username", async () => {
    const username = newUsername();
    const token = await tokenOf(await buildUser(database.db, { username }));

    const response = await patchMe(token, { username: username.toUpperCase() });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(
      response.json<UserResponse>().username,
      username.toUpperCase(),
    );
  });

  test("removes the username with null", async () => {
    const token = await tokenOf(
      await buildUser(database.db, { username: newUsername() }),
    );

    const response = await patchMe(token, { username: null });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().username, null);
  });

  for (const variant of ["same", "upper", "mixed"] as const) {
    test(`rejects a taken username in ${variant} case`, async () => {
      const takenUsername = newUsername();
      await buildUser(database.db, { username: takenUsername });
      const token = await tokenOf(await buildUser(database.db));
      const cased = {
        same: takenUsername,
        upper: takenUsername.toUpperCase(),
        mixed: `U${takenUsername.slice(1)}`,
      }[variant];

      const response = await patchMe(token, { username: cased });

      assert.equal(response.statusCode, 409);
      assert.equal(response.json<ProblemDocument>().code, "CONFLICT");
      assert.equal(
        fieldMessages(response).get("username"),
        "username is already taken.",
      );
    });
  }

  for (const [username, rule] of [
    ["ab", /3 to 30/],
    ["someone@example.com", /must not be an email/],
    ["12345", /must contain a letter/],
    ["-leading", /starting with a letter or digit/],
  ] as const) {
    test(`rejects username "${username}"`, async () => {
      const token = await tokenOf(await buildUser(database.db));

      const response = await patchMe(token, { username });

      assert.equal(response.statusCode, 400);
      assert.match(fieldMessages(response).get("username") ?? "", rule);
    });
  }

  test("stores a new phone in E.164", async () => {
    const token = await tokenOf(await buildUser(database.db));
    const phone = newPhone();
    const typed = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;

    const response = await patchMe(token, { phone: typed });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().phone, phone);
  });

  test("clears phone verification on change", async () => {
    const user = await buildUser(database.db, { phone: newPhone() });
    await markPhoneVerified(user.id);
    const token = await tokenOf(user);

    const response = await patchMe(token, { phone: newPhone() });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().phone_verified, false);
  });

  test("keeps phone verification for same number", async () => {
    const phone = newPhone();
    const user = await buildUser(database.db, { phone });
    await markPhoneVerified(user.id);
    const token = await tokenOf(user);

    const response = await patchMe(token, { phone, first_name: "Same" });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().phone_verified, true);
  });

  test("removes the phone with an empty string", async () => {
    const user = await buildUser(database.db, { phone: newPhone() });
    await markPhoneVerified(user.id);
    const token = await tokenOf(user);

    const response = await patchMe(token, { phone: "" });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().phone, null);
    assert.equal(response.json<UserResponse>().phone_verified, false);
  });

  test("rejects an invalid phone", async () => {
    const token = await tokenOf(await buildUser(database.db));

    const response = await patchMe(token, { phone: "+44 12" });

    assert.equal(response.statusCode, 400);
    assert.match(
      fieldMessages(response).get("phone") ?? "",
      /international format/,
    );
  });

  test("rejects a taken phone", async () => {
    const phone = newPhone();
    await buildUser(database.db, { phone });
    const token = await tokenOf(await buildUser(database.db));

    const response = await patchMe(token, { phone });

    assert.equal(response.statusCode, 409);
    assert.equal(
      fieldMessages(response).get("phone"),
      "phone is already registered.",
    );
  });

  test("reports both clashes at once", async () => {
    const username = newUsername();
    const phone = newPhone();
    await buildUser(database.db, { username, phone });
    const token = await tokenOf(await buildUser(database.db));

    const response = await patchMe(token, { username, phone });

    assert.equal(response.statusCode, 409);
    assert.deepEqual([...fieldMessages(response).keys()].sort(), [
      "phone",
      "username",
    ]);
  });

  test("changes nothing when a field is invalid", async () => {
    const user = await buildUser(database.db, { firstName: "Kept" });
    const token = await tokenOf(user);

    const response = await patchMe(token, {
      first_name: "Changed",
      phone: "not a phone",
    });

    assert.equal(response.statusCode, 400);
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: bearer(token),
    });
    assert.equal(me.json<UserResponse>().first_name, "Kept");
  });

  test("rejects an empty body", async () => {
    const token = await tokenOf(await buildUser(database.db));

    const response = await patchMe(token, {});

    assert.equal(response.statusCode, 400);
    assert.match(fieldMessages(response).get("body") ?? "", /at least one/);
  });

  test("rejects a body without known fields", async () => {
    const token = await tokenOf(await buildUser(database.db));

    const response = await patchMe(token, { role: "admin" });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ProblemDocument>().code, "VALIDATION_FAILED");
  });

  test("ignores a role in the body", async () => {
    const token = await tokenOf(await buildUser(database.db));

    const response = await patchMe(token, {
      role: "admin",
      first_name: "Eve",
    });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().role, "customer");
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      payload: { first_name: "Nobody" },
    });

    assert.equal(response.statusCode, 401);
  });
});
