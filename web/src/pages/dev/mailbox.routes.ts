// The development mailbox: the mail and text messages the API kept in
// memory because no mail server is configured, newest first, so someone
// running the shop locally can read their verification codes and links.
// app.ts registers it only outside production; the API drops its mailbox
// route in production too.
import type { FastifyInstance } from "fastify";

import { pageErrorFromResponse } from "../../api/client.js";
import { buildLayoutContext } from "../layout.js";

/** The path of the page, linked from the footer outside production. */
export const devMailboxPath = "/dev/mailbox";

/** Registers the route; a plugin with a callback, as nothing is awaited. */
export function devMailboxRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { accountSettings } = app;

  app.get(devMailboxPath, async (request, reply) => {
    const mailbox = await accountSettings.listMailbox(request.id);
    if (!mailbox.ok)
      throw pageErrorFromResponse(mailbox.status, mailbox.problem);
    const categories = await app.catalog.listCategories(request.id);

    // The messages hold codes and links that sign people in or change
    // passwords: never let a cache keep them.
    reply.header("cache-control", "no-store");
    reply.type("text/html; charset=utf-8");
    return reply.viewAsync("dev/mailbox.njk", {
      ...buildLayoutContext(categories),
      messages: mailbox.data.messages,
    });
  });

  done();
}
