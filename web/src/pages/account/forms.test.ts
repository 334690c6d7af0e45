import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { readLinkToken, waitMessage } from "./forms.js";

describe("waitMessage", () => {
  test("names the seconds to wait", () => {
    assert.equal(
      waitMessage({ retryAfterSeconds: 42 }, "trying again"),
      "Wait 42 seconds before trying again.",
    );
    assert.equal(
      waitMessage({ retryAfterSeconds: 1 }, "trying again"),
      "Wait 1 second before trying again.",
    );
  });

  test("names minutes for long waits", () => {
    assert.equal(
      waitMessage({ retryAfterSeconds: 3234 }, "trying again"),
      "Wait 54 minutes before trying again.",
    );
  });

  test("falls back without Retry-After", () => {
    assert.equal(
      waitMessage({}, "asking again"),
      "Wait a minute before asking again.",
    );
  });
});

describe("readLinkToken", () => {
  test("trims a token", () => {
    assert.equal(readLinkToken(" abc_DEF-1 "), "abc_DEF-1");
  });

  test("rejects unusable values", () => {
    assert.equal(readLinkToken(undefined), undefined);
    assert.equal(readLinkToken(["abc"]), undefined);
    assert.equal(readLinkToken("   "), undefined);
    assert.equal(readLinkToken("a".repeat(257)), undefined);
  });
});
