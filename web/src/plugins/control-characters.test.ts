import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { PageError } from "../errors.js";
import { assertNoControlCharacters } from "./control-characters.js";

function statusOf(error: unknown): number | undefined {
  return error instanceof PageError ? error.status : undefined;
}

describe("assertNoControlCharacters", () => {
  test("rejects NUL in a path parameter as not found", () => {
    assert.throws(
      () => assertNoControlCharacters({ slug: "mug\u0000" }, {}),
      (error) => statusOf(error) === 404,
    );
  });

  test("rejects NUL in a repeated query value", () => {
    assert.throws(
      () => assertNoControlCharacters({}, { q: ["mug", "\u0000"] }),
      (error) =>
        error instanceof PageError &&
        error.status === 400 &&
        error.fieldErrors[0]?.message ===
          "Search must not contain control characters",
    );
  });

  test("accepts tab and line breaks in query values", () => {
    assert.doesNotThrow(() =>
      assertNoControlCharacters({}, { q: "red\tmug\r\n" }),
    );
  });

  test("accepts plain values", () => {
    assert.doesNotThrow(() =>
      assertNoControlCharacters({ slug: "mug" }, { q: "café mug" }),
    );
  });
});
