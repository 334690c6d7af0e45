// Rendering shared by the sign-in and account pages: the layout context,
// a CSRF token for the page's forms, and `Cache-Control: no-store`, because
// these pages show personal data or carry a CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { buildLayoutContext } from "../layout.js";

/** Renders `template` with the layout, a CSRF token and `context`. */
export async function renderFormPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  context: object,
  options: { status?: number } = {},
): Promise<string> {
  const categories = await app.catalog.listCategories(request.id);
  reply.code(options.status ?? 200);
  reply.type("text/html; charset=utf-8");
  return reply.viewAsync(template, {
    ...buildLayoutContext(categories),
    csrfToken: reply.generateCsrf(),
    ...context,
  });
}

/** An onSend hook that forbids caching of every page of a plugin. */
export async function preventCaching(
  _request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  reply.header("cache-control", "no-store");
}
