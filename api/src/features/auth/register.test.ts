import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { users } from "../../db/schema.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, uniqueSuffix } from "../../test/factories.js";
import type { UserResponse } from "./auth.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database);
});

after(async () => {
  await app.close();
  await database.close();
});

const strongPassword = "violet kettle orbit 42";

function register(payload: Record<string, unknown>) {
  return app.inject({
    method: "POST",
    url: "/api/v1/auth/register",
    payload,
  });
}

function fieldsOf(problem: ProblemDocument): string[] {
  return (problem.errors ?? []).map((error) => error.field);
}

describe("POST /auth/register", () => {
  test("creates a customer", async () => {
    const suffix = uniqueSuffix();

    const response = await register({
      email: `  Ada-${suffix}@Example.com `,
      password: strongPassword,
      username: `ada_${suffix}`,
      phone: "+44 20 7946 0958",
      first_name: "Ada",
      last_name: "Lovelace",
    });

    assert.equal(response.statusCode, 201);
    const body = response.json<UserResponse & Record<string, unknown>>();
    assert.equal(body.email, `Ada-${suffix}@Example.com`);
    assert.equal(body.username, `ada_${suffix}`);
    assert.equal(body.phone, "+442079460958");
    assert.equal(body.role, "customer");
    assert.equal(body.first_name, "Ada");
    assert.equal(body.email_verified, false);
    assert.equal(body.password_hash, undefined);
    assert.equal(body.password, undefined);
  });

  test("stores an Argon2id hash", async () => {
    const email = `hash-${uniqueSuffix()}@example.com`;

    const response = await register({ email, password: strongPassword });

    assert.equal(response.statusCode, 201);
    const [row] = await database.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, response.json<{ id: string }>().id));
    assert.match(row?.passwordHash ?? "", /^\$argon2id\$/);
  });

  test("rejects an email taken in another letter case", async () => {
    const existing = await buildUser(database.db, {
      email: `grace-${uniqueSuffix()}@example.com`,
    });

    const response = await register({
      email: existing.email.toUpperCase(),
      password: strongPassword,
    });

    assert.equal(response.statusCode, 409);
    const problem = response.json<ProblemDocument>();
    assert.equal(problem.code, "CONFLICT");
    assert.deepEqual(fieldsOf(problem), ["email"]);
    assert.match(
      String(response.headers["content-type"]),
      /application\/problem\+json/,
    );
  });

  test("rejects a username taken in another letter case", async () => {
    const existing = await buildUser(database.db, {
      username: `Linus_${uniqueSuffix()}`,
    });

    const response = await register({
      email: `other-${uniqueSuffix()}@example.com`,
      password: strongPassword,
      username: existing.username?.toLowerCase(),
    });

    assert.equal(response.statusCode, 409);
    assert.deepEqual(fieldsOf(response.json<ProblemDocument>()), ["username"]);
  });

  test("rejects a phone number already registered", async () => {
    const existing = await buildUser(database.db, { phone: "+14155552671" });

    const response = await register({
      email: `phone-${uniqueSuffix()}@example.com`,
      password: strongPassword,
      phone: "+1 (415) 555-2671",
    });

    assert.equal(response.statusCode, 409);
    assert.deepEqual(fieldsOf(response.json<ProblemDocument>()), ["phone"]);
    assert.ok(existing.phone);
  });

  test("returns 409 to one of two racing registrations", async () => {
    const email = `race-${uniqueSuffix()}@example.com`;

    const responses = await Promise.all([
      register({ email, password: strongPassword }),
      register({ email: email.toUpperCase(), password: strongPassword }),
    ]);

    const statuses = responses.map((response) => response.statusCode).sort();
    assert.deepEqual(statuses, [201, 409]);
  });
});

describe("POST /auth/register password rules", () => {
  const cases: { name: string; password: string; rule: RegExp }[] = [
    { name: "too short", password: "abc1234", rule: /at least 8 characters/ },
    {
      name: "too long",
      password: "x".repeat(129),
      rule: /at most 128 characters/,
    },
    {
      name: "common in any case",
      password: "PassWord123",
      rule: /too common/,
    },
  ];
  for (const { name, password, rule } of cases) {
    test(`rejects a password ${name}`, async () => {
      const response = await register({
        email: `rules-${uniqueSuffix()}@example.com`,
        password,
      });

      assert.equal(response.statusCode, 400);
      const problem = response.json<ProblemDocument>();
      assert.equal(problem.code, "VALIDATION_FAILED");
      assert.deepEqual(fieldsOf(problem), ["password"]);
      assert.match(problem.errors?.[0]?.message ?? "", rule);
    });
  }

  test("counts code points, not UTF-16 units", async () => {
    // Seven emoji are 14 UTF-16 units but only 7 characters.
    const response = await register({
      email: `emoji-${uniqueSuffix()}@example.com`,
      password: "🔑🚲🌵🎻🦉🍋🧭",
    });

    assert.equal(response.statusCode, 400);
    assert.match(response.json<ProblemDocument>().detail, /at least 8/);
  });

  test("accepts eight emoji", async () => {
    const response = await register({
      email: `emoji-ok-${uniqueSuffix()}@example.com`,
      password: "🔑🚲🌵🎻🦉🍋🧭🎈",
    });

    assert.equal(response.statusCode, 201);
  });

  test("rejects the email as password", async () => {
    const email = `same-${uniqueSuffix()}@example.com`;

    const response = await register({ email, password: email.toUpperCase() });

    assert.equal(response.statusCode, 400);
    assert.match(
      response.json<ProblemDocument>().detail,
      /must not be your email address or username/,
    );
  });

  test("rejects the username as password", async () => {
    const username = `samename${uniqueSuffix()}`;

    const response = await register({
      email: `${uniqueSuffix()}@example.com`,
      username,
      password: username,
    });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldsOf(response.json<ProblemDocument>()), ["password"]);
  });

  test("needs no character classes", async () => {
    const response = await register({
      email: `plain-${uniqueSuffix()}@example.com`,
      password: "correct horse battery staple",
    });

    assert.equal(response.statusCode, 201);
  });
});

describe("POST /auth/register identifiers", () => {
  const usernameCases: { name: string; username: string; rule: RegExp }[] = [
    { name: "too short", username: "ab", rule: /3 to 30/ },
    { name: "too long", username: "a".repeat(31), rule: /3 to 30/ },
    { name: "with a space", username: "ada lovelace", rule: /3 to 30/ },
    { name: "starting with a dot", username: ".ada", rule: /starting with/ },
    { name: "like an email", username: "ada@example.com", rule: /email/ },
    { name: "like a phone", username: "4155552671", rule: /phone number/ },
  ];
  for (const { name, username, rule } of usernameCases) {
    test(`rejects a username ${name}`, async () => {
      const response = await register({
        email: `names-${uniqueSuffix()}@example.com`,
        password: strongPassword,
        username,
      });

      assert.equal(response.statusCode, 400);
      const problem = response.json<ProblemDocument>();
      assert.deepEqual(fieldsOf(problem), ["username"]);
      assert.match(problem.errors?.[0]?.message ?? "", rule);
    });
  }

  test("rejects an invalid email", async () => {
    const response = await register({
      email: "not-an-email",
      password: strongPassword,
    });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldsOf(response.json<ProblemDocument>()), ["email"]);
  });

  test("rejects a phone number without country code", async () => {
    const response = await register({
      email: `local-${uniqueSuffix()}@example.com`,
      password: strongPassword,
      phone: "020 7946 0958",
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<ProblemDocument>();
    assert.deepEqual(fieldsOf(problem), ["phone"]);
    assert.match(problem.detail, /international format/);
  });

  test("lists every invalid field at once", async () => {
    const response = await register({
      email: "nope",
      password: "short",
      username: "x",
      phone: "12",
    });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldsOf(response.json<ProblemDocument>()).sort(), [
      "email",
      "password",
      "phone",
      "username",
    ]);
  });

  test("treats blank optional fields as absent", async () => {
    const response = await register({
      email: `blank-${uniqueSuffix()}@example.com`,
      password: strongPassword,
      username: "",
      phone: "  ",
    });

    assert.equal(response.statusCode, 201);
    assert.equal(response.json<UserResponse>().username, null);
    assert.equal(response.json<UserResponse>().phone, null);
  });
});
