import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseNextPath, signInUrl } from "./next-path.js";

describe("parseNextPath", () => {
  test("accepts paths on this site", () => {
    assert.equal(parseNextPath("/account"), "/account");
    assert.equal(parseNextPath("/search?q=a%20b#top"), "/search?q=a%20b#top");
    assert.equal(parseNextPath("/c/lamps?page=2"), "/c/lamps?page=2");
  });

  test("rejects paths that leave the site", () => {
    const unsafe = [
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\/evil.example",
      "/foo\\bar",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      " /account",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\u0000",
    ];

    for (const raw of unsafe) {
      assert.equal(parseNextPath(raw), undefined, JSON.stringify(raw));
    }
  });

  test("rejects values that are not text", () => {
    assert.equal(parseNextPath(undefined), undefined);
    assert.equal(parseNextPath(["/account"]), undefined);
    assert.equal(parseNextPath("/" + "a".repeat(2_000)), undefined);
  });

  test("rejects dot segments that reach another host", () => {
    const unsafe = [
      "/..//evil.example",
      "/.//evil.example",
      "/account/../..//evil.example",
      "/..//evil.example/path?x=1",
    ];

    for (const raw of unsafe) {
      assert.equal(parseNextPath(raw), undefined, raw);
    }
  });

  test("normalises dot segments", () => {
    assert.equal(parseNextPath("/a/../account"), "/account");
    assert.equal(parseNextPath("/../../account"), "/account");
  });
});

describe("signInUrl", () => {
  test("encodes the next path", () => {
    assert.equal(
      signInUrl("/search?q=a&b"),
      "/sign-in?next=%2Fsearch%3Fq%3Da%26b",
    );
  });

  test("leaves out the home page", () => {
    assert.equal(signInUrl("/"), "/sign-in");
    assert.equal(signInUrl(undefined), "/sign-in");
  });
});
