import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { redactSecretQuery } from "./log-serializers.js";

describe("redactSecretQuery", () => {
  test("replaces a token value", () => {
    assert.equal(
      redactSecretQuery("/reset-password?token=abc_DEF-123"),
      "/reset-password?token=%5BRedacted%5D",
    );
  });

  test("keeps other parameters", () => {
    assert.equal(
      redactSecretQuery("/verify-email?a=1&token=secret&b=2"),
      "/verify-email?a=1&token=%5BRedacted%5D&b=2",
    );
  });

  test("leaves other URLs unchanged", () => {
    assert.equal(redactSecretQuery("/search?q=a%20b"), "/search?q=a%20b");
    assert.equal(redactSecretQuery("/account"), "/account");
  });
});
