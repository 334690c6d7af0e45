import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { classifyLogin, findUsernameProblem } from "./identifiers.js";
import {
  findPasswordProblem,
  hashPassword,
  verifyPassword,
} from "./passwords.js";

const context = { email: "ada@example.com", username: "ada_l" };

describe("findPasswordProblem", () => {
  test("accepts a long passphrase", () => {
    assert.equal(
      findPasswordProblem("tulip engine marble", context),
      undefined,
    );
  });

  test("rejects list entries in any case", () => {
    assert.match(findPasswordProblem("ILOVEYOU1", context) ?? "", /too common/);
  });

  test("rejects the email's local part", () => {
    const problem = findPasswordProblem("grace.hopper", {
      email: "Grace.Hopper@example.com",
    });

    assert.match(problem ?? "", /email address or username/);
  });

  test("counts NFKC-normalised code points", () => {
    // U+FB01 (the "fi" ligature) becomes two letters under NFKC.
    assert.equal(
      findPasswordProblem("\uFB01\uFB01\uFB01\uFB01", context),
      undefined,
    );
  });

  test("allows exactly 128 characters", () => {
    assert.equal(
      findPasswordProblem("a".repeat(127) + "b", context),
      undefined,
    );
    assert.match(findPasswordProblem("a".repeat(129), context) ?? "", /128/);
  });
});

describe("password hashing", () => {
  test("verifies the same password only", async () => {
    const hash = await hashPassword("tulip engine marble");

    assert.equal(await verifyPassword(hash, "tulip engine marble"), true);
    assert.equal(await verifyPassword(hash, "tulip engine marbles"), false);
  });

  test("matches composed and decomposed accents", async () => {
    const hash = await hashPassword("caf\u00e9 au lait ok");

    assert.equal(await verifyPassword(hash, "cafe\u0301 au lait ok"), true);
  });

  test("returns false for a malformed hash", async () => {
    assert.equal(await verifyPassword("not-a-hash", "anything"), false);
  });
});

describe("identifiers", () => {
  test("classify logins by shape", () => {
    assert.deepEqual(classifyLogin(" Ada@Example.com "), {
      kind: "email",
      value: "ada@example.com",
    });
    assert.deepEqual(classifyLogin("+44 (20) 7946-0958"), {
      kind: "phone",
      value: "+442079460958",
    });
    assert.deepEqual(classifyLogin("Ada_L"), {
      kind: "username",
      value: "ada_l",
    });
  });

  test("accept a username with digits and a letter", () => {
    assert.equal(findUsernameProblem("r2-d2"), undefined);
  });
});
