import { Redis } from "ioredis";

import type { Counter, RateLimitStore } from "./rate-limit-store.js";

// Increments and sets the expiry in one atomic step, so that two processes
// hitting a new counter at once cannot leave it without an expiry. PTTL is
// negative when the key has no expiry yet.
const incrementScript = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ARGV[2] == 'sliding' or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

function toCounter(reply: unknown): Counter {
  if (!Array.isArray(reply) || reply.length !== 2) {
    throw new Error(
      "Redis returned an unexpected reply to the rate limit script",
    );
  }
  return { count: Number(reply[0]), ttlMs: Number(reply[1]) };
}

/**
 * Builds a store that keeps counters in Redis under `keyPrefix`, so that
 * every API process shares them. Expiry is timed by the Redis server.
 */
export function createRedisRateLimitStore(options: {
  url: string;
  keyPrefix: string;
}): RateLimitStore {
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    // A rate limit check must not hold a request for long while Redis is
    // away: fail the command quickly and let the limiter decide.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: true,
  });

  return {
    async increment(key, { windowMs, expiry }): Promise<Counter> {
      const reply = await redis.eval(
        incrementScript,
        1,
        key,
        String(windowMs),
        expiry,
      );
      return toCounter(reply);
    },
    async get(key): Promise<Counter | undefined> {
      const results = await redis.multi().get(key).pttl(key).exec();
      const [countResult, ttlResult] = results ?? [];
      const count = countResult?.[1];
      const ttlMs = Number(ttlResult?.[1]);
      if (typeof count !== "string" || ttlMs <= 0) return undefined;
      return { count: Number(count), ttlMs };
    },
    async delete(key): Promise<void> {
      await redis.del(key);
    },
    async close(): Promise<void> {
      redis.disconnect();
    },
  };
}
