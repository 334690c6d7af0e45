import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { toMediaPath } from "./media.routes.js";

describe("toMediaPath", () => {
  test("keeps plain paths", () => {
    assert.equal(toMediaPath("demo/mug.svg"), "/media/demo/mug.svg");
  });

  test("encodes each segment again", () => {
    assert.equal(toMediaPath("demo/a b?.png"), "/media/demo/a%20b%3F.png");
  });

  test("rejects dot and empty segments", () => {
    for (const wildcard of ["../api/v1/products", "demo/./x", "demo//x", ""]) {
      assert.equal(toMediaPath(wildcard), undefined, wildcard);
    }
  });
});
