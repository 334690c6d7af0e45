import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import Fastify, {
  type FastifyInstance,
  type LightMyRequestResponse,
} from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { RateLimitedError } from "../../errors.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, uniqueSuffix } from "../../test/factories.js";
import { findMailboxMessage, readCode } from "../../test/mail.js";
import {
  bearer,
  buildAuthTestApp,
  createTestClock,
  signIn,
  type TestClock,
} from "../auth/auth.test-helpers.js";
import { createMemoryRateLimitStore } from "./memory-store.js";
import { readRateLimitSettings } from "./rate-limit.config.js";
import type { RateLimitStore } from "./rate-limit-store.js";
import { createRateLimiter } from "./rate-limiter.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let clock: TestClock;

/** Limits low enough to reach in a test; the lockout as in production. */
const testLimits = readRateLimitSettings(
  {
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: "8/60",
    RATE_LIMIT_REGISTER_PER_ADDRESS: "3/3600",
    RATE_LIMIT_REGISTER_PER_EMAIL: "1/3600",
    RATE_LIMIT_CODE_CHECK_PER_USER: "3/900",
    RATE_LIMIT_RESET_REQUEST_PER_EMAIL: "2/3600",
    RATE_LIMIT_RESET_CONFIRM_PER_ADDRESS: "2/900",
    SIGN_IN_LOCKOUT_MAX_SECONDS: "180",
  },
  [],
);

before(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await buildAuthTestApp(database, {
    clock,
    config: { rateLimits: testLimits },
  });
});

after(async () => {
  await app.close();
  await database.close();
});

let addressCount = 0;
/** Returns a client address no other test uses. */
function uniqueAddress(): string {
  addressCount += 1;
  return `10.0.${Math.floor(addressCount / 250)}.${(addressCount % 250) + 1}`;
}

function requestToken(
  login: string,
  password: string,
  address = uniqueAddress(),
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/api/v1/auth/token",
    remoteAddress: address,
    payload: { login, password },
  });
}

async function failSignIn(login: string, times: number): Promise<void> {
  for (let failure = 1; failure <= times; failure += 1) {
    const response = await requestToken(login, "wrong password 123");
    assert.equal(response.statusCode, 401, `failure ${failure}`);
  }
}

function assertRateLimited(
  response: LightMyRequestResponse,
  retryAfterSeconds: number,
): void {
  assert.equal(response.statusCode, 429, response.body);
  assert.equal(response.json<ProblemDocument>().code, "RATE_LIMITED");
  assert.equal(response.headers["retry-after"], String(retryAfterSeconds));
  assert.match(
    String(response.headers["content-type"]),
    /^application\/problem\+json/,
  );
}

describe("sign-in lockout", () => {
  test("locks an account after five failures", async () => {
    const user = await buildUser(database.db);
    await failSignIn(user.email, 5);

    const locked = await requestToken(user.email, user.password);
    clock.advanceSeconds(60);
    const unlocked = await requestToken(user.email, user.password);

    assertRateLimited(locked, 60);
    assert.match(locked.json<ProblemDocument>().detail, /failed sign-ins/);
    assert.equal(unlocked.statusCode, 200);
  });

  test("doubles the lock up to the cap", async () => {
    const user = await buildUser(database.db);
    await failSignIn(user.email, 5);
    const retryAfters: string[] = [];

    for (const lockSeconds of [60, 120, 180]) {
      clock.advanceSeconds(lockSeconds);
      await failSignIn(user.email, 1);
      const locked = await requestToken(user.email, user.password);
      retryAfters.push(String(locked.headers["retry-after"]));
    }

    assert.deepEqual(retryAfters, ["120", "180", "180"]);
  });

  test("counts every form of one login together", async () => {
    const user = await buildUser(database.db);
    await failSignIn(user.email, 4);

    await failSignIn(` ${user.email.toUpperCase()} `, 1);
    const locked = await requestToken(user.email, user.password);

    assertRateLimited(locked, 60);
  });

  test("clears failures after a successful sign-in", async () => {
    const user = await buildUser(database.db);
    await failSignIn(user.email, 4);
    const success = await requestToken(user.email, user.password);

    await failSignIn(user.email, 4);
    const stillOpen = await requestToken(user.email, user.password);

    assert.equal(success.statusCode, 200);
    assert.equal(stillOpen.statusCode, 200);
  });

  test("locks an unknown login like a real one", async () => {
    const login = `ghost-${uniqueSuffix()}@example.com`;
    await failSignIn(login, 5);

    const locked = await requestToken(login, "wrong password 123");

    assertRateLimited(locked, 60);
  });

  test("leaves other accounts open", async () => {
    const locked = await buildUser(database.db);
    const other = await buildUser(database.db);
    await failSignIn(locked.email, 5);

    const response = await requestToken(other.email, other.password);

    assert.equal(response.statusCode, 200);
  });
});

describe("per-address limits", () => {
  test("limits sign-in attempts per address", async () => {
    const user = await buildUser(database.db);
    const address = uniqueAddress();
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      await requestToken(`someone-${attempt}-${uniqueSuffix()}`, "x", address);
    }

    const limited = await requestToken(user.email, user.password, address);
    const elsewhere = await requestToken(user.email, user.password);
    clock.advanceSeconds(60);
    const later = await requestToken(user.email, user.password, address);

    assertRateLimited(limited, 60);
    assert.equal(elsewhere.statusCode, 200);
    assert.equal(later.statusCode, 200);
  });

  test("limits registrations per address and email", async () => {
    const address = uniqueAddress();
    const register = (email: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/auth/register",
        remoteAddress: address,
        payload: { email, password: "violet kettle orbit 42" },
      });
    const email = `limited-${uniqueSuffix()}@example.com`;

    const first = await register(email);
    const sameEmail = await register(email.toUpperCase());
    const second = await register(`other-${uniqueSuffix()}@example.com`);
    const third = await register(`third-${uniqueSuffix()}@example.com`);

    assert.equal(first.statusCode, 201);
    assertRateLimited(sameEmail, 3600);
    assert.equal(second.statusCode, 201);
    assertRateLimited(third, 3600);
  });

  test("limits code checks per user", async () => {
    const email = `codes-${uniqueSuffix()}@example.com`;
    const password = "violet kettle orbit 42";
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      remoteAddress: uniqueAddress(),
      payload: { email, password },
    });
    const pair = await signIn(app, { login: email, password });
    const code = readCode(findMailboxMessage(app, email)?.text ?? "");
    const check = () =>
      app.inject({
        method: "POST",
        url: "/api/v1/auth/verify-email",
        remoteAddress: uniqueAddress(),
        headers: bearer(pair.access_token),
        payload: { code: code === "000000" ? "000001" : "000000" },
      });
    for (let attempt = 1; attempt <= 3; attempt += 1) await check();

    const limited = await check();

    assertRateLimited(limited, 900);
  });

  test("limits reset requests per email alike", async () => {
    const user = await buildUser(database.db);
    const unknown = `unknown-${uniqueSuffix()}@example.com`;
    const reset = (email: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/auth/password/reset",
        remoteAddress: uniqueAddress(),
        payload: { email },
      });
    for (const email of [user.email, user.email, unknown, unknown]) {
      assert.equal((await reset(email)).statusCode, 202);
    }

    const known = await reset(user.email);
    const missing = await reset(unknown);

    assertRateLimited(known, 3600);
    assertRateLimited(missing, 3600);
    assert.equal(
      known.json<ProblemDocument>().detail,
      missing.json<ProblemDocument>().detail,
    );
  });

  test("limits reset confirmations per address", async () => {
    const address = uniqueAddress();
    const confirm = () =>
      app.inject({
        method: "POST",
        url: "/api/v1/auth/password/reset/confirm",
        remoteAddress: address,
        payload: { token: "A".repeat(43), new_password: "amber lantern 7" },
      });
    await confirm();
    await confirm();

    const limited = await confirm();

    assertRateLimited(limited, 900);
  });
});

describe("rate limiter", () => {
  test("lets requests through when the store fails", async () => {
    const failingStore: RateLimitStore = {
      increment: () => Promise.reject(new Error("connection refused")),
      get: () => Promise.reject(new Error("connection refused")),
      delete: () => Promise.reject(new Error("connection refused")),
      close: () => Promise.resolve(),
    };
    const errors: unknown[] = [];
    const log = Fastify({ logger: false }).log;
    log.error = (...args: unknown[]) => void errors.push(args);
    const limiter = createRateLimiter({
      settings: testLimits,
      store: failingStore,
      log,
    });

    await limiter.consume("signInPerAddress", "10.9.9.9");
    await limiter.assertSignInUnlocked("email:someone@example.com");

    assert.equal(errors.length, 2);
  });

  test("does nothing when turned off", async () => {
    const clockForStore = createTestClock();
    const limiter = createRateLimiter({
      settings: { ...testLimits, isEnabled: false },
      store: createMemoryRateLimitStore(clockForStore.now),
      log: Fastify({ logger: false }).log,
    });

    for (let attempt = 1; attempt <= 20; attempt += 1) {
      await limiter.consume("registerPerEmail", "someone@example.com");
    }

    await assert.doesNotReject(
      limiter.consume("registerPerEmail", "someone@example.com"),
    );
  });

  test("reports the wait in whole seconds", async () => {
    const storeClock = createTestClock();
    const limiter = createRateLimiter({
      settings: testLimits,
      store: createMemoryRateLimitStore(storeClock.now),
      log: Fastify({ logger: false }).log,
    });
    await limiter.consume("registerPerEmail", "wait@example.com");
    storeClock.advanceSeconds(0.5);

    const error = await limiter
      .consume("registerPerEmail", "wait@example.com")
      .catch((caught: unknown) => caught);

    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.retryAfterSeconds, 3600);
  });
});

describe("forwarded client address", () => {
  function signInVia(
    remoteAddress: string,
    forwardedFor: string,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: "POST",
      url: "/api/v1/auth/token",
      remoteAddress,
      headers: { "x-forwarded-for": forwardedFor },
      payload: { login: `nobody-${uniqueSuffix()}@example.com`, password: "x" },
    });
  }

  test("counts shoppers behind the web apart", async () => {
    const shopper = uniqueAddress();
    const otherShopper = uniqueAddress();
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      await signInVia("127.0.0.1", shopper);
    }

    const limited = await signInVia("127.0.0.1", shopper);
    const other = await signInVia("127.0.0.1", otherShopper);

    assertRateLimited(limited, 60);
    assert.equal(other.statusCode, 401);
  });

  test("ignores the header from an untrusted peer", async () => {
    const peer = uniqueAddress();
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      await signInVia(peer, uniqueAddress());
    }

    const limited = await signInVia(peer, uniqueAddress());

    assertRateLimited(limited, 60);
  });
});
