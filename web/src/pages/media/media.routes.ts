// Product images under /media/ are served by the API. The web passes them
// through so pages load images from their own origin: the body is streamed,
// and the caching headers (content type, ETag, Cache-Control) pass both ways.
import { PassThrough, pipeline } from "node:stream";

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { isApiUnreachable } from "../../api/client.js";
import { PageError } from "../../errors.js";

/** Response headers copied from the API's image response. */
const passedResponseHeaders = [
  "content-type",
  "content-length",
  "etag",
  "last-modified",
  "cache-control",
];

/** Request headers copied to the API, so conditional requests get a 304. */
const passedRequestHeaders = ["if-none-match", "if-modified-since"];

/**
 * Returns the API path for the wildcard part of `/media/*`, with each
 * segment encoded again, or undefined when a segment is empty, `.` or `..`.
 */
export function toMediaPath(wildcard: string): string | undefined {
  const segments = wildcard.split("/");
  const isSafe = segments.every(
    (segment) => segment !== "" && segment !== "." && segment !== "..",
  );
  if (!isSafe) return undefined;
  return `/media/${segments.map(encodeURIComponent).join("/")}`;
}

function copyHeaders(
  request: FastifyRequest,
  names: readonly string[],
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

function notFoundImage(): PageError {
  return new PageError("NOT_FOUND", "No image matches this address.");
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function mediaRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const connection = app.apiConnection;

  app.get<{ Params: { "*": string } }>(
    "/media/*",
    async (request, reply): Promise<FastifyReply> => {
      const mediaPath = toMediaPath(request.params["*"]);
      if (mediaPath === undefined) throw notFoundImage();

      let response;
      try {
        response = await connection.stream(
          mediaPath,
          request.id,
          copyHeaders(request, passedRequestHeaders),
        );
      } catch (error) {
        if (!isApiUnreachable(error)) throw error;
        throw new PageError(
          "SERVICE_UNAVAILABLE",
          "The API could not be reached for an image.",
          { cause: error },
        );
      }

      const { statusCode, headers, body } = response;
      if (statusCode !== 200 && statusCode !== 304) {
        await body.dump();
        if (statusCode === 404) throw notFoundImage();
        const code = statusCode >= 500 ? "SERVICE_UNAVAILABLE" : "INTERNAL";
        throw new PageError(
          code,
          `The API returned ${statusCode} for an image.`,
        );
      }
      reply.code(statusCode);
      for (const name of passedResponseHeaders) {
        const value = headers[name];
        if (typeof value === "string") reply.header(name, value);
      }
      if (statusCode === 304 || request.method === "HEAD") {
        await body.dump();
        return reply.send();
      }
      // When a browser stops loading an image, Fastify destroys the body
      // it sends, and undici then fails the API's stream with
      // RequestAbortedError, which Fastify would log as a warning with a
      // stack. Through a PassThrough it is an ordinary early close. An API
      // stream that fails fails the relay too, and Fastify logs that.
      const relay = new PassThrough();
      pipeline(body, relay, () => undefined);
      return reply.send(relay);
    },
  );

  done();
}
