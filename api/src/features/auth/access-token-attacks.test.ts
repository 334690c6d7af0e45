// Attacks on access tokens. Each forged or broken token must give a 401
// problem with `WWW-Authenticate: Bearer error="invalid_token"`, never a 500
// and never a 200. A well-formed token built the same way is accepted, so
// every rejection below is caused by the one thing each test breaks.
import assert from "node:assert/strict";
import { randomUUID, type webcrypto } from "node:crypto";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";
import {
  base64url,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWTHeaderParameters,
  type JWTPayload,
} from "jose";

import type { DatabaseHandle } from "../../db/client.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { requireRole } from "../../plugins/auth.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, type BuiltUser } from "../../test/factories.js";
import { buildAuthTestApp, bearer, signIn } from "./auth.test-helpers.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let user: BuiltUser;

before(async () => {
  database = await createTestDatabase();
  app = await buildAuthTestApp(database, {
    addRoutes(instance) {
      instance.get("/test/staff-only", async (request) => {
        const staff = await requireRole(request, "staff");
        return { id: staff.id };
      });
    },
  });
  user = await buildUser(database.db);
});

after(async () => {
  await app.close();
  await database.close();
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function validClaims(): JWTPayload & Record<string, unknown> {
  return {
    iss: "bazaar",
    aud: "bazaar-api",
    sub: user.id,
    jti: randomUUID(),
    sid: randomUUID(),
    role: "customer",
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
  };
}

function validHeader(): JWTHeaderParameters {
  return { alg: "EdDSA", typ: "at+jwt", kid: app.keyRing.signingKey.kid };
}

/** Signs `claims` with the API's own key (or `key`), as the API would. */
function signWithApiKey(
  claims: JWTPayload,
  header: JWTHeaderParameters = validHeader(),
  key: webcrypto.CryptoKey = app.keyRing.signingKey.key,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

function encodeSegment(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

function getMe(authorization: string) {
  return app.inject({
    method: "GET",
    url: "/api/v1/me",
    headers: { authorization },
  });
}

async function expectInvalidToken(token: string): Promise<void> {
  const response = await getMe(`Bearer ${token}`);
  assert.equal(response.statusCode, 401, response.body);
  assert.equal(
    response.headers["www-authenticate"],
    'Bearer error="invalid_token"',
  );
  assert.equal(response.json<ProblemDocument>().code, "INVALID_TOKEN");
}

describe("access token verification", () => {
  test("accepts a well-formed token", async () => {
    const token = await signWithApiKey(validClaims());

    const response = await getMe(`Bearer ${token}`);

    assert.equal(response.statusCode, 200);
  });

  test("accepts a token expired within the leeway", async () => {
    const claims = { ...validClaims(), iat: nowSeconds() - 310 };
    claims.exp = nowSeconds() - 10;

    const response = await getMe(`Bearer ${await signWithApiKey(claims)}`);

    assert.equal(response.statusCode, 200);
  });

  test("asks for a token when none is sent", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/me" });

    assert.equal(response.statusCode, 401);
    assert.equal(response.headers["www-authenticate"], "Bearer");
    assert.equal(
      response.json<ProblemDocument>().code,
      "AUTHENTICATION_REQUIRED",
    );
  });

  test("treats another scheme as no token", async () => {
    const response = await getMe("Basic dXNlcjpwYXNz");

    assert.equal(response.statusCode, 401);
    assert.equal(response.headers["www-authenticate"], "Bearer");
  });

  test("rejects alg none", async () => {
    const header = { alg: "none", typ: "at+jwt" };
    const token = `${encodeSegment(header)}.${encodeSegment(validClaims())}.`;

    await expectInvalidToken(token);
  });

  test("rejects alg none in upper case with a signature", async () => {
    const header = {
      alg: "NONE",
      typ: "at+jwt",
      kid: app.keyRing.signingKey.kid,
    };
    const body = `${encodeSegment(header)}.${encodeSegment(validClaims())}`;

    await expectInvalidToken(`${body}.${base64url.encode("x")}`);
  });

  test("rejects HS256 keyed with the public key", async () => {
    const publicJwk = app.keyRing.jwks.keys[0];
    assert.ok(publicJwk);
    const secrets = [
      base64url.decode(publicJwk.x),
      new TextEncoder().encode(publicJwk.x),
      new TextEncoder().encode(JSON.stringify(publicJwk)),
    ];

    for (const secret of secrets) {
      const token = await new SignJWT(validClaims())
        .setProtectedHeader({ ...validHeader(), alg: "HS256" })
        .sign(secret);

      await expectInvalidToken(token);
    }
  });

  test("rejects an expired token", async () => {
    const claims = { ...validClaims(), iat: nowSeconds() - 400 };
    claims.exp = nowSeconds() - 60;

    await expectInvalidToken(await signWithApiKey(claims));
  });

  test("says when the token has expired", async () => {
    const claims = { ...validClaims(), iat: nowSeconds() - 400 };
    claims.exp = nowSeconds() - 60;

    const response = await getMe(`Bearer ${await signWithApiKey(claims)}`);

    assert.match(response.json<ProblemDocument>().detail, /expired/);
  });

  test("rejects nbf in the future", async () => {
    const claims = { ...validClaims(), nbf: nowSeconds() + 120 };

    await expectInvalidToken(await signWithApiKey(claims));
  });

  test("rejects iat in the future", async () => {
    const claims = { ...validClaims(), iat: nowSeconds() + 120 };
    claims.exp = nowSeconds() + 420;

    await expectInvalidToken(await signWithApiKey(claims));
  });

  test("rejects a lifetime longer than the configured one", async () => {
    const claims = { ...validClaims(), iat: nowSeconds() - 600 };
    claims.exp = nowSeconds() + 3600;

    await expectInvalidToken(await signWithApiKey(claims));
  });

  test("rejects a wrong issuer", async () => {
    await expectInvalidToken(
      await signWithApiKey({ ...validClaims(), iss: "someone-else" }),
    );
  });

  test("rejects a wrong audience", async () => {
    await expectInvalidToken(
      await signWithApiKey({ ...validClaims(), aud: "bazaar-web" }),
    );
  });

  test("rejects a wrong token type", async () => {
    const header = { ...validHeader(), typ: "JWT" };

    await expectInvalidToken(await signWithApiKey(validClaims(), header));
  });

  test("rejects a tampered payload", async () => {
    const token = await signWithApiKey(validClaims());
    const [header, , signature] = token.split(".");
    const forged = encodeSegment({ ...validClaims(), role: "admin" });

    await expectInvalidToken(`${header}.${forged}.${signature}`);
  });

  for (const claim of ["sub", "jti", "exp", "iat", "sid", "role"]) {
    test(`rejects a token without ${claim}`, async () => {
      const claims: Record<string, unknown> = validClaims();
      delete claims[claim];

      await expectInvalidToken(await signWithApiKey(claims));
    });
  }

  test("rejects a subject that is not a user id", async () => {
    await expectInvalidToken(
      await signWithApiKey({ ...validClaims(), sub: "admin" }),
    );
  });

  test("rejects an unknown role", async () => {
    await expectInvalidToken(
      await signWithApiKey({ ...validClaims(), role: "superuser" }),
    );
  });

  test("rejects an unknown kid", async () => {
    const { privateKey } = await generateKeyPair("EdDSA");
    const header = { ...validHeader(), kid: "attacker-key" };

    await expectInvalidToken(
      await signWithApiKey(validClaims(), header, privateKey),
    );
  });

  test("rejects another key under the API's kid", async () => {
    const { privateKey } = await generateKeyPair("EdDSA");

    await expectInvalidToken(
      await signWithApiKey(validClaims(), validHeader(), privateKey),
    );
  });

  test("ignores a key embedded in the header", async () => {
    const { privateKey, publicKey } = await generateKeyPair("EdDSA");
    const header = { ...validHeader(), jwk: await exportJWK(publicKey) };
    delete (header as { kid?: string }).kid;

    await expectInvalidToken(
      await signWithApiKey(validClaims(), header, privateKey),
    );
  });

  const garbage = [
    "garbage",
    "a.b.c",
    "..",
    "eyJhbGciOiJFZERTQSJ9.e30",
    `${encodeSegment({ alg: "EdDSA" })}.${base64url.encode("not json")}.AAAA`,
    "x".repeat(9000),
  ];
  for (const [index, token] of garbage.entries()) {
    test(`rejects garbage token ${index + 1}`, async () => {
      await expectInvalidToken(token);
    });
  }

  test("rejects a header with two tokens", async () => {
    const token = await signWithApiKey(validClaims());

    const response = await getMe(`Bearer ${token} ${token}`);

    assert.equal(response.statusCode, 401);
    assert.equal(
      response.headers["www-authenticate"],
      'Bearer error="invalid_token"',
    );
  });
});

describe("requireRole", () => {
  test("rejects a customer with 403", async () => {
    const token = await signWithApiKey(validClaims());

    const response = await app.inject({
      method: "GET",
      url: "/test/staff-only",
      headers: bearer(token),
    });

    assert.equal(response.statusCode, 403);
    assert.equal(response.json<ProblemDocument>().code, "FORBIDDEN");
    assert.equal(
      response.headers["www-authenticate"],
      'Bearer error="insufficient_scope"',
    );
  });

  for (const role of ["staff", "admin"]) {
    test(`admits the ${role} role`, async () => {
      const token = await signWithApiKey({ ...validClaims(), role });

      const response = await app.inject({
        method: "GET",
        url: "/test/staff-only",
        headers: bearer(token),
      });

      assert.equal(response.statusCode, 200);
    });
  }
});

describe("GET /.well-known/jwks.json", () => {
  test("publishes the public signing key", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/.well-known/jwks.json",
    });

    assert.equal(response.statusCode, 200);
    const { keys } = response.json<{ keys: Record<string, unknown>[] }>();
    assert.equal(keys.length, 1);
    assert.equal(keys[0]?.kid, app.keyRing.signingKey.kid);
    assert.equal(keys[0]?.alg, "EdDSA");
    assert.equal(keys[0]?.use, "sig");
    assert.equal(keys[0]?.crv, "Ed25519");
    assert.equal(keys[0]?.d, undefined);
  });

  test("verifies tokens the API issues", async () => {
    const jwks = await app.inject({
      method: "GET",
      url: "/.well-known/jwks.json",
    });
    const pair = await signIn(app, {
      login: user.email,
      password: user.password,
    });

    const { payload } = await jwtVerify(
      pair.access_token,
      createLocalJWKSet(jwks.json()),
      { algorithms: ["EdDSA"], issuer: "bazaar", audience: "bazaar-api" },
    );

    assert.equal(payload.sub, user.id);
  });
});
