import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";
import { decodeJwt, decodeProtectedHeader } from "jose";

import type { DatabaseHandle } from "../../db/client.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, uniqueSuffix } from "../../test/factories.js";
import { bearer, type TokenPairBody } from "./auth.test-helpers.js";
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

function requestToken(payload: Record<string, unknown>) {
  return app.inject({ method: "POST", url: "/api/v1/auth/token", payload });
}

describe("POST /auth/token", () => {
  test("signs in with the email in any case", async () => {
    const user = await buildUser(database.db, {
      email: `Mixed-${uniqueSuffix()}@Example.com`,
    });

    const response = await requestToken({
      login: ` ${user.email.toLowerCase()} `,
      password: user.password,
    });

    assert.equal(response.statusCode, 200);
    const body = response.json<TokenPairBody>();
    assert.equal(body.token_type, "Bearer");
    assert.equal(body.expires_in, 300);
    assert.match(body.refresh_token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(response.headers["cache-control"], "no-store");
  });

  test("signs in with the username in any case", async () => {
    const user = await buildUser(database.db, {
      username: `Hopper_${uniqueSuffix()}`,
    });

    const response = await requestToken({
      login: user.username?.toUpperCase(),
      password: user.password,
    });

    assert.equal(response.statusCode, 200);
  });

  test("signs in with the phone in any format", async () => {
    const user = await buildUser(database.db, { phone: "+33612345678" });

    const response = await requestToken({
      login: "+33 6 12 34 56 78",
      password: user.password,
    });

    assert.equal(response.statusCode, 200);
  });

  test("issues an access token with the expected claims", async () => {
    const user = await buildUser(database.db, { role: "staff" });

    const response = await requestToken({
      login: user.email,
      password: user.password,
    });

    const { access_token: token } = response.json<TokenPairBody>();
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, "EdDSA");
    assert.equal(header.typ, "at+jwt");
    assert.equal(typeof header.kid, "string");
    const claims = decodeJwt(token);
    assert.equal(claims.iss, "bazaar");
    assert.equal(claims.aud, "bazaar-api");
    assert.equal(claims.sub, user.id);
    assert.equal(claims.role, "staff");
    assert.equal(typeof claims.jti, "string");
    assert.equal(typeof claims.sid, "string");
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 300);
  });

  test("issues a token that opens /me", async () => {
    const user = await buildUser(database.db);
    const pair = (
      await requestToken({ login: user.email, password: user.password })
    ).json<TokenPairBody>();

    const response = await app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: bearer(pair.access_token),
    });

    assert.equal(response.statusCode, 200);
    assert.equal(response.json<UserResponse>().id, user.id);
  });
});

describe("POST /auth/token failures", () => {
  async function expectInvalidCredentials(
    payload: Record<string, unknown>,
  ): Promise<ProblemDocument> {
    const response = await requestToken(payload);
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers["www-authenticate"], "Bearer");
    const problem = response.json<ProblemDocument>();
    assert.equal(problem.code, "INVALID_CREDENTIALS");
    return problem;
  }

  test("gives one answer for unknown login and wrong password", async () => {
    const user = await buildUser(database.db);

    const wrongPassword = await expectInvalidCredentials({
      login: user.email,
      password: "not the password",
    });
    const unknownLogin = await expectInvalidCredentials({
      login: `nobody-${uniqueSuffix()}@example.com`,
      password: "not the password",
    });

    assert.equal(wrongPassword.detail, unknownLogin.detail);
    assert.equal(wrongPassword.title, unknownLogin.title);
  });

  test("rejects a deactivated user with the same answer", async () => {
    const user = await buildUser(database.db, { isActive: false });

    const problem = await expectInvalidCredentials({
      login: user.email,
      password: user.password,
    });

    assert.equal(problem.detail, "The login or the password is wrong.");
  });

  test("rejects an unknown username and an invalid phone", async () => {
    await expectInvalidCredentials({
      login: `ghost_${uniqueSuffix()}`,
      password: "whatever password",
    });
    await expectInvalidCredentials({
      login: "+1 000",
      password: "whatever password",
    });
  });

  test("spends similar time on unknown logins", async () => {
    const user = await buildUser(database.db);
    const time = async (login: string): Promise<number> => {
      const started = performance.now();
      await requestToken({ login, password: "not the password" });
      return performance.now() - started;
    };
    // Warm the dummy hash, then take the median of a few attempts each.
    await time(`warm-${uniqueSuffix()}@example.com`);
    const median = (values: number[]): number =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const known: number[] = [];
    const unknown: number[] = [];

    for (let attempt = 0; attempt < 5; attempt += 1) {
      known.push(await time(user.email));
      unknown.push(await time(`nobody-${uniqueSuffix()}@example.com`));
    }

    // An unknown login that skipped hashing would respond in well under a
    // tenth of the time of a real verification.
    const ratio = median(unknown) / median(known);
    assert.ok(ratio > 0.5, `unknown/known time ratio ${ratio.toFixed(2)}`);
  });

  test("rejects a missing password with 400", async () => {
    const response = await requestToken({ login: "someone@example.com" });

    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json<ProblemDocument>().errors?.[0]?.field,
      "password",
    );
  });
});
