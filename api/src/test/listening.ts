// Starts a test app on 127.0.0.1 at a free port, for tests that need truly
// concurrent requests (inject runs them through one event loop, but real
// sockets and, on PostgreSQL, separate pooled connections run them at once).
import type { AddressInfo } from "node:net";

import type { FastifyInstance } from "fastify";

/** Listens on 127.0.0.1:0 and returns the base URL, such as http://127.0.0.1:41234. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export interface FetchedJson<T> {
  status: number;
  body: T;
}

/** Sends a JSON request and parses the JSON response. */
export async function fetchJson<T = Record<string, unknown>>(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: unknown },
): Promise<FetchedJson<T>> {
  const response = await fetch(url, {
    method: init.method,
    headers: {
      ...(init.body === undefined
        ? {}
        : { "content-type": "application/json" }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
  };
}
