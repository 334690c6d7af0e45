// The web's only way to the data: HTTP calls to the API through a client
// typed from the committed OpenAPI document. One undici Agent keeps a pool of
// keep-alive connections to the API, every call has a timeout, and every call
// carries the incoming request's id in X-Request-Id so one request can be
// followed through both logs.
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as delay } from "node:timers/promises";

import createClient, { type Client } from "openapi-fetch";
import {
  Agent,
  Request as UndiciRequest,
  fetch as undiciFetch,
  request as undiciRequest,
  type Dispatcher,
} from "undici";

import type { WebConfig } from "../config.js";
import { PageError, type FieldError } from "../errors.js";
import type { paths } from "./schema.js";

export type ApiClient = Client<paths>;

/** How long closing the pool waits for API calls in flight. */
const closeTimeoutMs = 500;
/** An RFC 9457 problem document, as the API sends with every error. */
export type Problem =
  paths["/api/v1/products"]["get"]["responses"][400]["content"]["application/problem+json"];

export interface ApiConnection {
  /** A client whose calls send `requestId` as X-Request-Id. */
  clientFor(requestId: string): ApiClient;
  /** Sends a raw GET to the API, for bodies that are streamed on (images). */
  stream(
    path: string,
    requestId: string,
    headers: Record<string, string>,
  ): Promise<Dispatcher.ResponseData>;
  /** Closes the pool; calls still running after a short wait are aborted. */
  close(): Promise<void>;
}

/**
 * The shopper behind the request being served. The web sets it for each
 * request, and every API call forwards its address in X-Forwarded-For.
 */
export const shopperContext = new AsyncLocalStorage<{ address: string }>();

/** Opens the connection pool to the API described by `config`. */
export function createApiConnection(
  config: Pick<WebConfig, "apiUrl" | "apiTimeoutMs">,
): ApiConnection {
  // undici keeps idle sockets for 4 s by default. Fastify keeps them for 72 s,
  // so a longer client timeout is still safe and reuses more connections.
  const agent = new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  });

  // openapi-fetch builds a Request with the class it is given. undici's fetch
  // only accepts its own Request class, not the one bundled in Node.
  const fetchThroughPool = (input: Request): Promise<Response> => {
    const shopper = shopperContext.getStore();
    if (shopper) input.headers.set("x-forwarded-for", shopper.address);
    return undiciFetch(input as unknown as UndiciRequest, {
      dispatcher: agent,
      signal: AbortSignal.timeout(config.apiTimeoutMs),
    }) as unknown as Promise<Response>;
  };

  return {
    clientFor(requestId) {
      return createClient<paths>({
        baseUrl: config.apiUrl,
        fetch: fetchThroughPool,
        Request: UndiciRequest as unknown as typeof Request,
        headers: { "x-request-id": requestId, accept: "application/json" },
      });
    },
    stream(path, requestId, headers) {
      return undiciRequest(`${config.apiUrl}${path}`, {
        dispatcher: agent,
        method: "GET",
        headers: { ...headers, "x-request-id": requestId },
        headersTimeout: config.apiTimeoutMs,
        bodyTimeout: config.apiTimeoutMs,
      });
    },
    async close() {
      // close() waits for the calls in flight, which a page the browser
      // abandoned may still have running, so it gets a short bound.
      const isClosed = await Promise.race([
        agent.close().then(() => true),
        delay(closeTimeoutMs, false, { ref: false }),
      ]);
      if (!isClosed) await agent.destroy();
    },
  };
}

/** True for failures to reach the API at all: refused, reset or timed out. */
export function isApiUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TimeoutError" || error.name === "AbortError") return true;
  // undici's fetch rejects every network failure with TypeError("fetch
  // failed") and the socket error as its cause. undici.request rejects with
  // the socket error itself or an undici error, with an `E...` or `UND_ERR`
  // code.
  if (error instanceof TypeError && error.message === "fetch failed") {
    return true;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^(UND_ERR|E[A-Z]+)/.test(code);
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { status?: unknown }).status === "number"
  );
}

/**
 * Converts an API error response into the PageError of the matching page:
 * 404 becomes NOT_FOUND, 400 BAD_REQUEST with the API's field errors, 429
 * and 5xx SERVICE_UNAVAILABLE, anything else INTERNAL.
 */
export function pageErrorFromResponse(
  status: number,
  body: unknown,
): PageError {
  const problem = isProblem(body) ? body : undefined;
  const detail = problem?.detail ?? `The API returned status ${status}.`;
  if (status === 404) return new PageError("NOT_FOUND", detail);
  if (status === 400) {
    const fieldErrors: FieldError[] = (problem?.errors ?? []).map((error) => ({
      field: error.field,
      message: error.message,
    }));
    return new PageError("BAD_REQUEST", detail, { fieldErrors });
  }
  if (status === 429 || status >= 500) {
    return new PageError("SERVICE_UNAVAILABLE", detail);
  }
  return new PageError("INTERNAL", `Unexpected API status ${status}.`, {
    cause: problem,
  });
}

interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits one API call and returns its data.
 * Throws PageError: SERVICE_UNAVAILABLE when the API cannot be reached or
 * times out, and the status's page for an error response.
 */
export async function readApiData<T>(
  pending: Promise<ApiResult<T>>,
): Promise<T> {
  let result: ApiResult<T>;
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
  if (result.response.ok && result.data !== undefined) return result.data;
  throw pageErrorFromResponse(result.response.status, result.error);
}
