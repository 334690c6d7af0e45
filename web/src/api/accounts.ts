// The account and token calls the pages make, typed from the OpenAPI
// document. Unlike the catalog calls, these return failures as values: a
// form needs the API's 400, 401 or 409 to show its field errors, while other
// statuses become error pages through `requireApiData`.
import { PageError, SessionEndedError } from "../errors.js";
import {
  isApiUnreachable,
  pageErrorFromResponse,
  type ApiConnection,
  type Problem,
} from "./client.js";
import type { paths } from "./schema.js";

export type JsonOf<T> = T extends {
  content: { "application/json": infer Body };
}
  ? Body
  : never;
export type BodyOf<T> = T extends {
  requestBody: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

export type TokenPair = JsonOf<
  paths["/api/v1/auth/token"]["post"]["responses"][200]
>;
export type Profile = JsonOf<paths["/api/v1/me"]["get"]["responses"][200]>;
export type SessionList = JsonOf<
  paths["/api/v1/me/sessions"]["get"]["responses"][200]
>;
export type RegisterBody = BodyOf<paths["/api/v1/auth/register"]["post"]>;
export type SignInBody = BodyOf<paths["/api/v1/auth/token"]["post"]>;
export type PasswordChangeBody = BodyOf<
  paths["/api/v1/auth/password/change"]["post"]
>;

export type ApiOutcome<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      status: number;
      problem: Problem | undefined;
      /** Seconds from the `Retry-After` header of a 429, when it has one. */
      retryAfterSeconds?: number;
    };

interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function asProblem(body: unknown): Problem | undefined {
  const isObject = typeof body === "object" && body !== null;
  return isObject && "status" in body ? (body as Problem) : undefined;
}

/**
 * Awaits one API call and returns its outcome, success or error response.
 * Throws PageError SERVICE_UNAVAILABLE when the API cannot be reached.
 */
export async function settleApiCall<T>(
  pending: Promise<ApiResult>,
): Promise<ApiOutcome<T>> {
  let result: ApiResult;
  try {
    result = await pending;
  } catch (error) {
    if (isApiUnreachable(error)) {
      throw new PageError(
        "SERVICE_UNAVAILABLE",
        "The API could not be reached.",
        { cause: error },
      );
    }
    throw error;
  }
  const { response } = result;
  if (response.ok) return { ok: true, data: result.data as T };
  return {
    ok: false,
    status: response.status,
    problem: asProblem(result.error),
    retryAfterSeconds: readRetryAfterSeconds(response),
  };
}

/** Reads `Retry-After` in its delay-seconds form; undefined otherwise. */
function readRetryAfterSeconds(response: Response): number | undefined {
  const raw = response.headers.get("retry-after");
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/**
 * Returns the data of a call made with the user's access token.
 * Throws SessionEndedError on 401, which sends the browser to sign in, and
 * the matching PageError for any other error status.
 */
export function requireApiData<T>(outcome: ApiOutcome<T>): T {
  if (outcome.ok) return outcome.data;
  if (outcome.status === 401) throw new SessionEndedError();
  throw pageErrorFromResponse(outcome.status, outcome.problem);
}

export interface AccountsApi {
  register(requestId: string, body: RegisterBody): Promise<ApiOutcome<Profile>>;
  signIn(requestId: string, body: SignInBody): Promise<ApiOutcome<TokenPair>>;
  refresh(
    requestId: string,
    refreshToken: string,
  ): Promise<ApiOutcome<TokenPair>>;
  /** Ends the session of `refreshToken`; the API returns 204 even if unknown. */
  revoke(requestId: string, refreshToken: string): Promise<ApiOutcome<void>>;
  signOutEverywhere(
    requestId: string,
    accessToken: string,
  ): Promise<ApiOutcome<void>>;
  getProfile(
    requestId: string,
    accessToken: string,
  ): Promise<ApiOutcome<Profile>>;
  listSessions(
    requestId: string,
    accessToken: string,
  ): Promise<ApiOutcome<SessionList>>;
  endSession(
    requestId: string,
    accessToken: string,
    sessionId: string,
  ): Promise<ApiOutcome<void>>;
  changePassword(
    requestId: string,
    accessToken: string,
    body: PasswordChangeBody,
  ): Promise<ApiOutcome<void>>;
}

function bearer(accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` };
}

/** Builds the account calls on top of one API connection. */
export function createAccountsApi(connection: ApiConnection): AccountsApi {
  const client = (requestId: string): ReturnType<ApiConnection["clientFor"]> =>
    connection.clientFor(requestId);

  return {
    register(requestId, body) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/register", { body }),
      );
    },
    signIn(requestId, body) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/token", { body }),
      );
    },
    refresh(requestId, refreshToken) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/token/refresh", {
          body: { refresh_token: refreshToken },
        }),
      );
    },
    revoke(requestId, refreshToken) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/token/revoke", {
          body: { refresh_token: refreshToken },
        }),
      );
    },
    signOutEverywhere(requestId, accessToken) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/logout-all", {
          headers: bearer(accessToken),
        }),
      );
    },
    getProfile(requestId, accessToken) {
      return settleApiCall(
        client(requestId).GET("/api/v1/me", { headers: bearer(accessToken) }),
      );
    },
    listSessions(requestId, accessToken) {
      return settleApiCall(
        client(requestId).GET("/api/v1/me/sessions", {
          headers: bearer(accessToken),
        }),
      );
    },
    endSession(requestId, accessToken, sessionId) {
      return settleApiCall(
        client(requestId).DELETE("/api/v1/me/sessions/{id}", {
          params: { path: { id: sessionId } },
          headers: bearer(accessToken),
        }),
      );
    },
    changePassword(requestId, accessToken, body) {
      return settleApiCall(
        client(requestId).POST("/api/v1/auth/password/change", {
          body,
          headers: bearer(accessToken),
        }),
      );
    },
  };
}
