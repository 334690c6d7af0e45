import type { FastifyInstance } from "fastify";

import { buildApp } from "../app.js";
import { parseApiConfig, type ApiConfig } from "../config.js";
import type { DatabaseHandle } from "../db/client.js";

/**
 * Settings for tests: defaults, with the cache and the rate limits off unless
 * a test turns them on.
 */
export function buildTestConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return Object.freeze({
    ...parseApiConfig({
      NODE_ENV: "test",
      CATALOG_CACHE_TTL_MS: "0",
      RATE_LIMITS: "off",
    }),
    ...overrides,
  });
}

/** Builds the API on `database` with logging off, ready for `inject`. */
export async function buildTestApp(
  database: DatabaseHandle,
  overrides: Partial<ApiConfig> = {},
): Promise<FastifyInstance> {
  const app = await buildApp({
    config: buildTestConfig(overrides),
    database,
    logger: false,
  });
  await app.ready();
  return app;
}
