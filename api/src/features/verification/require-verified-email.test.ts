import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ConfigError, parseApiConfig } from "../../config.js";
import { AppError } from "../../errors.js";
import { assertEmailVerifiedWhenRequired } from "./require-verified-email.js";

const unverified = { emailVerifiedAt: null };
const verified = { emailVerifiedAt: new Date("2024-05-01T10:00:00Z") };

describe("assertEmailVerifiedWhenRequired", () => {
  test("rejects an unverified email when required", () => {
    const config = { requireVerifiedEmail: true };

    assert.throws(
      () => assertEmailVerifiedWhenRequired(unverified, config),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === "EMAIL_NOT_VERIFIED" &&
        error.status === 403,
    );
  });

  test("accepts a verified email when required", () => {
    const config = { requireVerifiedEmail: true };

    assert.doesNotThrow(() =>
      assertEmailVerifiedWhenRequired(verified, config),
    );
  });

  test("accepts an unverified email by default", () => {
    const config = parseApiConfig({ NODE_ENV: "test" });

    assert.equal(config.requireVerifiedEmail, false);
    assert.doesNotThrow(() =>
      assertEmailVerifiedWhenRequired(unverified, config),
    );
  });
});

describe("REQUIRE_VERIFIED_EMAIL", () => {
  test("reads true and false", () => {
    const on = parseApiConfig({
      NODE_ENV: "test",
      REQUIRE_VERIFIED_EMAIL: "true",
    });
    const off = parseApiConfig({
      NODE_ENV: "test",
      REQUIRE_VERIFIED_EMAIL: "false",
    });

    assert.equal(on.requireVerifiedEmail, true);
    assert.equal(off.requireVerifiedEmail, false);
  });

  test("rejects other values", () => {
    assert.throws(
      () => parseApiConfig({ NODE_ENV: "test", REQUIRE_VERIFIED_EMAIL: "yes" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.some((problem) =>
          problem.startsWith(
            'REQUIRE_VERIFIED_EMAIL="yes" must be true or false',
          ),
        ),
    );
  });
});
