// The same contract runs on both stores: in memory with a test clock, and on
// Redis with real waits. The Redis pass needs REDIS_URL or a server on
// 127.0.0.1:6379 and is skipped, saying why, when neither replies.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";

import { Redis } from "ioredis";
import Fastify from "fastify";

import { createTestClock } from "../auth/auth.test-helpers.js";
import { createMemoryRateLimitStore } from "./memory-store.js";
import { readRateLimitSettings } from "./rate-limit.config.js";
import type { RateLimitStore } from "./rate-limit-store.js";
import { createRateLimiter } from "./rate-limiter.js";
import { createRedisRateLimitStore } from "./redis-store.js";

const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** Returns why Redis cannot be used, or undefined when it replies to PING. */
async function findRedisProblem(url: string): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${url} is not reachable (${(error as Error).message}): set REDIS_URL to run the Redis store tests`;
  } finally {
    client.disconnect();
  }
}

const redisProblem = await findRedisProblem(redisUrl);
if (redisProblem) process.stdout.write(`# skipping: ${redisProblem}\n`);

interface StoreUnderTest {
  store: RateLimitStore;
  /** Lets `ms` milliseconds pass for the store. */
  wait(ms: number): Promise<void>;
}

function describeStoreContract(
  name: string,
  setUp: () => Promise<StoreUnderTest>,
  options: { skip?: string | undefined } = {},
): void {
  describe(name, { skip: options.skip }, () => {
    let subject: StoreUnderTest;
    const windowMs = 400;

    before(async () => {
      subject = await setUp();
    });

    after(async () => {
      await subject.store.close();
    });

    test("counts hits within a window", async () => {
      const key = randomUUID();

      await subject.store.increment(key, { windowMs, expiry: "fixed" });
      const second = await subject.store.increment(key, {
        windowMs,
        expiry: "fixed",
      });

      assert.equal(second.count, 2);
      assert.ok(
        second.ttlMs > 0 && second.ttlMs <= windowMs,
        `${second.ttlMs}`,
      );
    });

    test("starts over after a fixed window", async () => {
      const key = randomUUID();
      await subject.store.increment(key, { windowMs, expiry: "fixed" });
      await subject.wait(windowMs / 2);
      await subject.store.increment(key, { windowMs, expiry: "fixed" });
      await subject.wait(windowMs / 2 + 50);

      const counter = await subject.store.get(key);
      const next = await subject.store.increment(key, {
        windowMs,
        expiry: "fixed",
      });

      assert.equal(counter, undefined);
      assert.equal(next.count, 1);
    });

    test("extends a sliding window on each hit", async () => {
      const key = randomUUID();
      await subject.store.increment(key, { windowMs, expiry: "sliding" });
      await subject.wait(windowMs / 2);
      await subject.store.increment(key, { windowMs, expiry: "sliding" });
      await subject.wait(windowMs / 2 + 50);

      const counter = await subject.store.get(key);

      assert.equal(counter?.count, 2);
    });

    test("deletes a counter", async () => {
      const key = randomUUID();
      await subject.store.increment(key, { windowMs, expiry: "fixed" });

      await subject.store.delete(key);

      assert.equal(await subject.store.get(key), undefined);
    });

    test("locks sign-in with a growing delay", async () => {
      const problems: string[] = [];
      const settings = readRateLimitSettings(
        { SIGN_IN_LOCKOUT_FAILURES: "2" },
        problems,
      );
      const limiter = createRateLimiter({
        settings,
        store: subject.store,
        log: Fastify({ logger: false }).log,
      });
      const account = `email:${randomUUID()}@example.com`;
      await limiter.recordSignInFailure(account);
      await limiter.assertSignInUnlocked(account);
      await limiter.recordSignInFailure(account);

      const locked = await limiter
        .assertSignInUnlocked(account)
        .catch((error: unknown) => error as { retryAfterSeconds?: number });

      assert.deepEqual(problems, []);
      assert.equal(locked?.retryAfterSeconds, 60);
    });
  });
}

describeStoreContract("memory store", async () => {
  const clock = createTestClock();
  return {
    store: createMemoryRateLimitStore(clock.now),
    wait: async (ms) => clock.advanceSeconds(ms / 1000),
  };
});

const redisPrefix = `bazaar-test:${randomUUID()}:`;

describeStoreContract(
  "redis store",
  async () => ({
    store: createRedisRateLimitStore({ url: redisUrl, keyPrefix: redisPrefix }),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }),
  { skip: redisProblem },
);

after(async () => {
  if (redisProblem) return;
  const client = new Redis(redisUrl);
  const keys = await client.keys(`${redisPrefix}*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
});
