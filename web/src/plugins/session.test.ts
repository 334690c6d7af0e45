import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { isSameOrigin } from "./session.js";

const own = "http://127.0.0.1:8000";

describe("isSameOrigin", () => {
  test("accepts the own origin", () => {
    assert.equal(isSameOrigin({ origin: own }, own), true);
    assert.equal(isSameOrigin({ referer: `${own}/sign-in?next=/` }, own), true);
  });

  test("rejects other origins", () => {
    assert.equal(isSameOrigin({ origin: "https://evil.example" }, own), false);
    assert.equal(isSameOrigin({ origin: "null" }, own), false);
    assert.equal(isSameOrigin({ origin: "http://127.0.0.1:8001" }, own), false);
    assert.equal(
      isSameOrigin({ referer: "https://evil.example/page" }, own),
      false,
    );
    assert.equal(isSameOrigin({ referer: "not a url" }, own), false);
  });

  test("prefers Origin over Referer", () => {
    assert.equal(
      isSameOrigin({ origin: "https://evil.example", referer: own }, own),
      false,
    );
  });

  test("accepts requests without either header", () => {
    assert.equal(isSameOrigin({}, own), true);
  });
});
