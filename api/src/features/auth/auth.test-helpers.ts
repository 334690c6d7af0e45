// Helpers for the account and session tests: an app with a controllable
// clock, and sign-in shortcuts.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import { buildApp } from "../../app.js";
import type { ApiConfig } from "../../config.js";
import type { DatabaseHandle } from "../../db/client.js";
import { buildTestConfig } from "../../test/app.js";

/** A clock that stays fixed until a test advances it. */
export interface TestClock {
  now: () => Date;
  advanceSeconds(seconds: number): void;
}

export function createTestClock(start = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advanceSeconds(seconds) {
      current += seconds * 1000;
    },
  };
}

/**
 * Builds the API on `database` with logging off, like buildTestApp, plus an
 * optional clock and extra routes registered before the app is ready.
 */
export async function buildAuthTestApp(
  database: DatabaseHandle,
  options: {
    clock?: TestClock;
    config?: Partial<ApiConfig>;
    addRoutes?: (app: FastifyInstance) => void;
  } = {},
): Promise<FastifyInstance> {
  const app = await buildApp({
    config: buildTestConfig(options.config),
    database,
    logger: false,
    ...(options.clock ? { now: options.clock.now } : {}),
  });
  options.addRoutes?.(app);
  await app.ready();
  return app;
}

export interface TokenPairBody {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** Signs in through the API and returns the token pair; fails on non-200. */
export async function signIn(
  app: FastifyInstance,
  credentials: { login: string; password: string; deviceLabel?: string },
): Promise<TokenPairBody> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/token",
    payload: {
      login: credentials.login,
      password: credentials.password,
      ...(credentials.deviceLabel
        ? { device_label: credentials.deviceLabel }
        : {}),
    },
  });
  if (response.statusCode !== 200) {
    throw new Error(
      `sign-in failed with ${response.statusCode}: ${response.body}`,
    );
  }
  return response.json<TokenPairBody>();
}

/** Sends a refresh request and returns the raw response. */
export function refresh(
  app: FastifyInstance,
  refreshToken: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/api/v1/auth/token/refresh",
    payload: { refresh_token: refreshToken },
  });
}

export function bearer(accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` };
}
