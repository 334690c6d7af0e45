// Refreshes the tokens of a browser session, once for all the requests that
// carry the same refresh token. A browser sends several requests with one
// cookie (tabs opened together, a page and the form it posts). The API
// rotates a refresh token on each use, so a second refresh with the same
// token only succeeds within the API's grace window. The web therefore keeps
// an in-process map from refresh token to the pending refresh, and every
// request with that token awaits the same call.
//
// A successful result stays in the map for a few seconds more, for requests
// that carried the old cookie but arrived just after the refresh finished.
// Several web processes still each refresh once; the API's grace window
// returns the same new pair to all of them.
import type { AccountsApi } from "../api/accounts.js";
import { pageErrorFromResponse } from "../api/client.js";

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

export type RefreshResult =
  | { status: "refreshed"; tokens: SessionTokens }
  /** The API rejected the refresh token: revoked, expired or reused. */
  | { status: "refused" };

export interface TokenRefresher {
  /**
   * Exchanges `refreshToken` for a new pair, sharing the call with every
   * other request that carries the same token. Throws PageError
   * SERVICE_UNAVAILABLE when the API cannot be reached or fails.
   */
  refresh(refreshToken: string, requestId: string): Promise<RefreshResult>;
  /** The number of refreshes in flight or kept, for tests. */
  size(): number;
}

export interface TokenRefresherOptions {
  /** How long a successful result is reused after it arrives. */
  resultReuseMs?: number;
}

/** The API's default grace window for a reused refresh token. */
const defaultResultReuseMs = 5_000;

/** Builds a refresher that calls `accounts.refresh`. */
export function createTokenRefresher(
  accounts: Pick<AccountsApi, "refresh">,
  options: TokenRefresherOptions = {},
): TokenRefresher {
  const resultReuseMs = options.resultReuseMs ?? defaultResultReuseMs;
  const refreshes = new Map<string, Promise<RefreshResult>>();

  async function callApi(
    refreshToken: string,
    requestId: string,
  ): Promise<RefreshResult> {
    const outcome = await accounts.refresh(requestId, refreshToken);
    if (outcome.ok) {
      return {
        status: "refreshed",
        tokens: {
          accessToken: outcome.data.access_token,
          refreshToken: outcome.data.refresh_token,
        },
      };
    }
    // 400 means the token does not even have the right shape, so it can
    // never work either.
    if (outcome.status === 401 || outcome.status === 400) {
      return { status: "refused" };
    }
    throw pageErrorFromResponse(outcome.status, outcome.problem);
  }

  function forget(refreshToken: string, afterMs: number): void {
    if (afterMs <= 0) {
      refreshes.delete(refreshToken);
      return;
    }
    setTimeout(() => refreshes.delete(refreshToken), afterMs).unref();
  }

  return {
    refresh(refreshToken, requestId) {
      const existing = refreshes.get(refreshToken);
      if (existing !== undefined) return existing;

      const pending = callApi(refreshToken, requestId);
      refreshes.set(refreshToken, pending);
      pending.then(
        (result) =>
          forget(
            refreshToken,
            result.status === "refreshed" ? resultReuseMs : 0,
          ),
        () => forget(refreshToken, 0),
      );
      return pending;
    },
    size() {
      return refreshes.size;
    },
  };
}
