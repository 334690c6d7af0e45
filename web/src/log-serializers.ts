// The `req` field of the request log lines. It copies Fastify's default
// request serializer, except that the values of secret query parameters are
// replaced, because the links in verification and password reset emails
// carry a single-use token in `?token=`, which must never reach a log.
import type { FastifyRequest } from "fastify";

/** Query parameters whose values the log never shows. */
const secretQueryParameters: readonly string[] = ["token"];

/** Returns `url` with the value of each secret query parameter replaced. */
export function redactSecretQuery(url: string): string {
  const queryStart = url.indexOf("?");
  if (queryStart === -1) return url;
  const query = new URLSearchParams(url.slice(queryStart + 1));
  let isRedacted = false;
  for (const name of secretQueryParameters) {
    if (!query.has(name)) continue;
    query.set(name, "[Redacted]");
    isRedacted = true;
  }
  if (!isRedacted) return url;
  return `${url.slice(0, queryStart)}?${query.toString()}`;
}

/** The `req` field of a request log line. */
export interface SerializedRequest {
  [key: string]: unknown;
  method?: string;
  url?: string;
  version?: string;
  host?: string;
  remoteAddress?: string;
  remotePort?: number;
}

/** Builds the `req` field of the request log lines. */
export function serializeRequest(request: FastifyRequest): SerializedRequest {
  const version = request.headers?.["accept-version"];
  return {
    method: request.method,
    url: redactSecretQuery(request.url),
    version: typeof version === "string" ? version : undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
