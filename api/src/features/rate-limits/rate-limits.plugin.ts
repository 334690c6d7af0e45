// Decorates the app with its rate limiter, on Redis when REDIS_URL is set and
// in the process otherwise, and turns RateLimitedError into the Retry-After
// header of the 429 problem.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

import { RateLimitedError } from "../../errors.js";
import { createMemoryRateLimitStore } from "./memory-store.js";
import type { RateLimitStore } from "./rate-limit-store.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { createRedisRateLimitStore } from "./redis-store.js";

declare module "fastify" {
  interface FastifyInstance {
    rateLimiter: RateLimiter;
  }
}

export interface RateLimitPluginOptions {
  /** A store to use instead of the one the config describes. */
  store?: RateLimitStore | undefined;
}

function createStore(app: FastifyInstance): RateLimitStore {
  const { redisUrl } = app.config;
  if (redisUrl) {
    return createRedisRateLimitStore({
      url: redisUrl,
      keyPrefix: "bazaar:rate-limit:",
    });
  }
  return createMemoryRateLimitStore(app.now);
}

async function rateLimits(
  app: FastifyInstance,
  options: RateLimitPluginOptions,
): Promise<void> {
  const store = options.store ?? createStore(app);
  app.decorate(
    "rateLimiter",
    createRateLimiter({
      settings: app.config.rateLimits,
      store,
      log: app.log,
    }),
  );

  app.addHook("onError", async (_request, reply, error) => {
    if (error instanceof RateLimitedError) {
      reply.header("retry-after", String(error.retryAfterSeconds));
    }
  });
  app.addHook("onClose", async () => store.close());
}

export default fp(rateLimits, {
  name: "rate-limits",
  dependencies: ["authentication"],
});
