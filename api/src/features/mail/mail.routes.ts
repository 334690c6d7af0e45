import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

import { Mailbox } from "./mail.schemas.js";

/**
 * Registers GET /dev/mailbox, which lists the mail and SMS kept in the
 * development mailbox. Nothing is registered when NODE_ENV is production, so
 * the route answers 404 there.
 */
export const devMailboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  if (app.config.nodeEnv === "production") return;

  app.get(
    "/dev/mailbox",
    {
      schema: {
        tags: ["development"],
        operationId: "listDevMailbox",
        summary: "Messages kept in the development mailbox",
        description:
          "Mail sent while SMTP_URL is unset, and every SMS, as the API kept them in memory. Absent (404) when NODE_ENV is production.",
        response: { 200: Mailbox },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      const messages = app.mail.mailbox.list().map((message) => ({
        id: message.id,
        to: message.to,
        subject: message.subject,
        text: message.text,
        sent_at: message.sentAt.toISOString(),
      }));
      return { messages };
    },
  );
};
