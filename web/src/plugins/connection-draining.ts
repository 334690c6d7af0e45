// Lets the web stop within moments of a signal. Node's server.close() and
// Fastify close the keep-alive connections that sit idle between requests,
// but Node 20 counts a connection that has not sent its first request yet as
// busy. Browsers open such spare connections ahead of time, and close() then
// waits until the browser drops them. This plugin closes every connection
// without a request in progress when the app closes, and each other
// connection once its last response has been sent.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

import type { FastifyInstance } from "fastify";

/** Adds the connection tracking to `app.server` and the close step. */
export function registerConnectionDraining(app: FastifyInstance): void {
  const requestsInProgress = new Map<Socket, number>();
  let isClosing = false;

  app.server.on("connection", (socket: Socket) => {
    requestsInProgress.set(socket, 0);
    socket.once("close", () => requestsInProgress.delete(socket));
  });

  app.server.on(
    "request",
    (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      const count = requestsInProgress.get(socket);
      if (count === undefined) return;
      requestsInProgress.set(socket, count + 1);
      response.once("close", () => {
        const remaining = (requestsInProgress.get(socket) ?? 1) - 1;
        if (!requestsInProgress.has(socket)) return;
        requestsInProgress.set(socket, remaining);
        if (isClosing && remaining === 0) socket.destroySoon();
      });
    },
  );

  // preClose runs before Fastify calls server.close().
  app.addHook("preClose", (done) => {
    isClosing = true;
    for (const [socket, count] of requestsInProgress) {
      if (count === 0) socket.destroy();
    }
    done();
  });
}
