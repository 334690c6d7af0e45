// Responds to requests that Node's HTTP parser rejects before Fastify sees them:
// headers or a path over the size limit, malformed request lines, and
// requests that time out. Only the raw socket exists at that point, so the
// response is written by hand: a short HTML page, never Fastify's JSON.
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

import type { FastifyInstance } from "fastify";

interface ClientErrorPage {
  status: number;
  message: string;
}

/** Picks the status for a parser error `code`, as Node's own handler does. */
function describeClientError(code: string | undefined): ClientErrorPage {
  if (code === "HPE_HEADER_OVERFLOW") {
    return {
      status: 431,
      message: "The address or the request headers are too long.",
    };
  }
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return { status: 408, message: "The request took too long to arrive." };
  }
  return { status: 400, message: "The request could not be read." };
}

/** Builds a complete HTTP/1.1 response that closes the connection. */
export function buildClientErrorResponse(code: string | undefined): string {
  const { status, message } = describeClientError(code);
  const title = STATUS_CODES[status] ?? "Bad Request";
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${title}</title></head><body><main><h1>${title}</h1>` +
    `<p>${message}</p><p><a href="/">Go to the home page</a></p>` +
    "</main></body></html>";
  return [
    `HTTP/1.1 ${status} ${title}`,
    "Content-Type: text/html; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-store",
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/**
 * Handles Node's `clientError` event for Fastify's `clientErrorHandler`
 * option: writes the HTML error response and closes the socket.
 */
export function handleClientError(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  // A reset connection has nobody left to read a response.
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  this.log.debug({ err: error, code: error.code }, "client error");
  if (socket.writable) {
    socket.end(buildClientErrorResponse(error.code));
  }
  socket.destroySoon();
}
