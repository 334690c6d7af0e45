// Request ids let one request be followed through the web and the API logs.
// The web accepts a caller's X-Request-Id only when it is short and made of
// safe characters, so a client cannot inject text into the logs; otherwise it
// makes a new one. The id goes to the API on every call and back to the
// browser on every response.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

const safeRequestId = /^[A-Za-z0-9._:-]{1,64}$/;

/** Returns the caller's X-Request-Id when it is safe, else a new UUID. */
export function generateRequestId(request: IncomingMessage): string {
  const header = request.headers["x-request-id"];
  if (typeof header === "string" && safeRequestId.test(header)) return header;
  return randomUUID();
}
