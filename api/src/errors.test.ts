import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AppErrorWithMembers, standardProblemMembers } from "./errors.js";

describe("AppErrorWithMembers", () => {
  test("keeps extension members", () => {
    const error = new AppErrorWithMembers(
      "INVALID_STATUS_TRANSITION",
      "The order is cancelled, so it cannot become cancelled.",
      { order_status: "cancelled" },
    );

    assert.deepEqual(error.members, { order_status: "cancelled" });
    assert.equal(error.status, 409);
  });

  for (const name of standardProblemMembers) {
    test(`rejects a member named ${name}`, () => {
      assert.throws(
        () => new AppErrorWithMembers("CONFLICT", "A conflict.", { [name]: 1 }),
        { name: "TypeError", message: new RegExp(`"${name}" clashes`) },
      );
    });
  }
});
