import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ConfigError, parseApiConfig } from "../../config.js";
import { buildTestConfig } from "../../test/app.js";

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseApiConfig({ NODE_ENV: "test", ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("rate limit settings", () => {
  test("default to on with the documented limits", () => {
    const { rateLimits, redisUrl } = parseApiConfig({
      NODE_ENV: "development",
    });

    assert.equal(rateLimits.isEnabled, true);
    assert.deepEqual(rateLimits.rules.signInPerAddress, {
      max: 20,
      windowSeconds: 60,
    });
    assert.deepEqual(rateLimits.signInLockout, {
      failures: 5,
      windowSeconds: 900,
      baseLockSeconds: 60,
      maxLockSeconds: 900,
    });
    assert.equal(redisUrl, undefined);
  });

  test("are off by default in tests", () => {
    const testDefault = parseApiConfig({ NODE_ENV: "test" });
    const turnedOn = parseApiConfig({ NODE_ENV: "test", RATE_LIMITS: "on" });

    assert.equal(testDefault.rateLimits.isEnabled, false);
    assert.equal(turnedOn.rateLimits.isEnabled, true);
    assert.equal(buildTestConfig().rateLimits.isEnabled, false);
  });

  test("read a rule as MAX/SECONDS", () => {
    const { rateLimits } = parseApiConfig({
      NODE_ENV: "test",
      RATE_LIMIT_RESET_REQUEST_PER_EMAIL: "7/120",
      SIGN_IN_LOCKOUT_FAILURES: "3",
      RATE_LIMITS: "off",
      REDIS_URL: "redis://127.0.0.1:6379/2",
    });

    assert.deepEqual(rateLimits.rules.resetRequestPerEmail, {
      max: 7,
      windowSeconds: 120,
    });
    assert.equal(rateLimits.signInLockout.failures, 3);
    assert.equal(rateLimits.isEnabled, false);
  });

  test("name each invalid variable", () => {
    const problems = problemsOf({
      RATE_LIMIT_SIGN_IN_PER_ADDRESS: "20 per minute",
      RATE_LIMIT_CODE_CHECK_PER_USER: "0/60",
      SIGN_IN_LOCKOUT_MAX_SECONDS: "10",
      RATE_LIMITS: "maybe",
      REDIS_URL: "http://127.0.0.1:6379",
    });

    assert.equal(problems.length, 5);
    assert.match(
      problems.join("\n"),
      /RATE_LIMIT_SIGN_IN_PER_ADDRESS="20 per minute" must be MAX\/SECONDS/,
    );
    assert.match(problems.join("\n"), /RATE_LIMIT_CODE_CHECK_PER_USER="0\/60"/);
    assert.match(
      problems.join("\n"),
      /SIGN_IN_LOCKOUT_MAX_SECONDS="10" must be a whole number of seconds from 60/,
    );
    assert.match(problems.join("\n"), /RATE_LIMITS="maybe" must be on or off/);
    assert.match(
      problems.join("\n"),
      /REDIS_URL=.* must be a redis or rediss URL/,
    );
  });
});
