import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { AccountsApi, ApiOutcome, TokenPair } from "../api/accounts.js";
import { PageError } from "../errors.js";
import { createTokenRefresher } from "./token-refresher.js";

type RefreshCall = AccountsApi["refresh"];

function tokenPair(suffix: string): TokenPair {
  return {
    access_token: `access-${suffix}`,
    refresh_token: `refresh-${suffix}`,
    token_type: "Bearer",
    expires_in: 300,
  };
}

/** Builds a fake API whose refresh returns `outcome` after 5 ms and counts calls. */
function buildAccounts(outcome: ApiOutcome<TokenPair>): {
  accounts: { refresh: RefreshCall };
  calls: () => number;
} {
  let calls = 0;
  return {
    accounts: {
      refresh: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return outcome;
      },
    },
    calls: () => calls,
  };
}

describe("createTokenRefresher", () => {
  test("shares one call between parallel requests", async () => {
    const { accounts, calls } = buildAccounts({
      ok: true,
      data: tokenPair("2"),
    });
    const refresher = createTokenRefresher(accounts);

    const results = await Promise.all([
      refresher.refresh("refresh-1", "a"),
      refresher.refresh("refresh-1", "b"),
      refresher.refresh("refresh-1", "c"),
    ]);

    assert.equal(calls(), 1);
    for (const result of results) {
      assert.deepEqual(result, {
        status: "refreshed",
        tokens: { accessToken: "access-2", refreshToken: "refresh-2" },
      });
    }
  });

  test("reuses a fresh result for late requests", async () => {
    const { accounts, calls } = buildAccounts({
      ok: true,
      data: tokenPair("2"),
    });
    const refresher = createTokenRefresher(accounts, { resultReuseMs: 1_000 });
    await refresher.refresh("refresh-1", "a");

    const late = await refresher.refresh("refresh-1", "b");

    assert.equal(calls(), 1);
    assert.equal(late.status, "refreshed");
  });

  test("refreshes separate tokens separately", async () => {
    const { accounts, calls } = buildAccounts({
      ok: true,
      data: tokenPair("2"),
    });
    const refresher = createTokenRefresher(accounts);

    await Promise.all([
      refresher.refresh("refresh-a", "a"),
      refresher.refresh("refresh-b", "b"),
    ]);

    assert.equal(calls(), 2);
  });

  test("reports a refused token and forgets it", async () => {
    const { accounts } = buildAccounts({
      ok: false,
      status: 401,
      problem: undefined,
    });
    const refresher = createTokenRefresher(accounts);

    const result = await refresher.refresh("refresh-1", "a");
    await new Promise((resolve) => setImmediate(resolve));

    assert.deepEqual(result, { status: "refused" });
    assert.equal(refresher.size(), 0);
  });

  test("throws unavailable on an API failure", async () => {
    const { accounts } = buildAccounts({
      ok: false,
      status: 503,
      problem: undefined,
    });
    const refresher = createTokenRefresher(accounts);

    await assert.rejects(refresher.refresh("refresh-1", "a"), (error) => {
      assert.ok(error instanceof PageError);
      assert.equal(error.code, "SERVICE_UNAVAILABLE");
      return true;
    });
  });
});
