import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { findAllowedMethods, toPathPattern } from "./method-not-allowed.js";

const routes = [
  { pathPattern: toPathPattern("/"), methods: new Set(["GET"]) },
  { pathPattern: toPathPattern("/p/:slug"), methods: new Set(["GET"]) },
  { pathPattern: toPathPattern("/media/*"), methods: new Set(["GET"]) },
  {
    pathPattern: toPathPattern("/account/devices/:id/sign-out"),
    methods: new Set(["POST"]),
  },
];

describe("toPathPattern", () => {
  test("matches one segment per parameter", () => {
    const pattern = toPathPattern("/p/:slug");

    assert.ok(pattern.test("/p/mug"));
    assert.ok(pattern.test("/p/mug/"));
    assert.ok(!pattern.test("/p/"));
    assert.ok(!pattern.test("/p/mug/reviews"));
  });

  test("matches the rest for a wildcard", () => {
    assert.ok(toPathPattern("/media/*").test("/media/demo/mug.svg"));
  });

  test("matches static parts literally", () => {
    assert.ok(!toPathPattern("/a.b").test("/aXb"));
  });
});

describe("findAllowedMethods", () => {
  test("adds HEAD to GET", () => {
    assert.deepEqual(findAllowedMethods(routes, "/p/mug"), ["GET", "HEAD"]);
  });

  test("finds a form action", () => {
    assert.deepEqual(
      findAllowedMethods(routes, "/account/devices/42/sign-out"),
      ["POST"],
    );
  });

  test("finds none for an unknown path", () => {
    assert.deepEqual(findAllowedMethods(routes, "/nowhere"), []);
  });
});
