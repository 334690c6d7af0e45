// The mapping from framework errors to the web's error pages.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { PageError } from "../errors.js";
import { toPageError } from "./error-pages.js";

function frameworkError(statusCode: number): Error {
  return Object.assign(new Error("framework error"), { statusCode });
}

describe("toPageError", () => {
  test("keeps a PageError as it is", () => {
    const error = new PageError("NOT_FOUND", "No such order.");

    assert.equal(toPageError(error), error);
  });

  test("says an oversized form is too large", () => {
    const page = toPageError(frameworkError(413));

    assert.equal(page.code, "BAD_REQUEST");
    assert.match(page.detail, /too large/);
  });

  test("says a form in another format is not accepted", () => {
    const page = toPageError(frameworkError(415));

    assert.equal(page.code, "BAD_REQUEST");
    assert.match(page.detail, /format/);
  });

  test("turns a CSRF rejection into the expired form page", () => {
    assert.equal(toPageError(frameworkError(403)).code, "FORBIDDEN");
  });

  test("turns other errors into the internal error page", () => {
    assert.equal(toPageError(new Error("bug")).code, "INTERNAL");
  });
});
