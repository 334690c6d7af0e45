// Renders every error as an HTML page with the right status. A PageError
// thrown by a page gets its own page, and a Fastify error (bad URL, unknown
// route) the matching 4xx page. Anything unexpected becomes a generic 500
// page, and the full error goes to the log. Browsers never receive JSON or a
// stack trace.
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from "fastify";

import type { CategoryNode } from "../api/catalog.js";
import { PageError, SessionEndedError } from "../errors.js";
import { buildLayoutContext } from "../pages/layout.js";

/** Sent when even the error page cannot be rendered. */
const fallbackHtml =
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  "<title>Something went wrong</title></head><body><main>" +
  "<h1>Something went wrong</h1><p>Please try again in a moment.</p>" +
  '<p><a href="/">Go to the home page</a></p></main></body></html>';

/** Converts any error into the PageError whose page the browser gets. */
export function toPageError(error: unknown): PageError {
  if (error instanceof PageError) return error;
  const statusCode = (error as Partial<FastifyError>).statusCode;
  if (statusCode === 403) {
    // @fastify/csrf-protection rejects a missing or wrong token with 403.
    return new PageError(
      "FORBIDDEN",
      "The form could not be checked: it may have expired or come from another site.",
      { cause: error },
    );
  }
  if (statusCode === 404) {
    return new PageError("NOT_FOUND", "No page matches this address.");
  }
  if (statusCode === 413) {
    return new PageError(
      "BAD_REQUEST",
      "The form is too large to send. Shorten what you typed and try again.",
      { cause: error },
    );
  }
  if (statusCode === 415) {
    return new PageError(
      "BAD_REQUEST",
      "The form was sent in a format the shop does not accept. Send it from the shop's own page.",
      { cause: error },
    );
  }
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return new PageError("BAD_REQUEST", "The request could not be read.", {
      cause: error,
    });
  }
  return new PageError("INTERNAL", "Unexpected error.", { cause: error });
}

function logPageError(request: FastifyRequest, error: PageError): void {
  const fields = { code: error.code, status: error.status, err: error.cause };
  if (error.status >= 500 && error.code !== "SERVICE_UNAVAILABLE") {
    request.log.error(fields, "page failed");
  } else if (error.status >= 500) {
    request.log.warn(fields, "api unavailable");
  } else {
    request.log.info({ code: error.code, detail: error.detail }, "page error");
  }
}

/**
 * Returns the category tree for the error page's navigation. A 4xx page may
 * call the API; a 5xx page uses the last tree loaded, because the API may be
 * the reason for the error.
 */
async function loadNavigation(
  app: FastifyInstance,
  request: FastifyRequest,
  error: PageError,
): Promise<CategoryNode[]> {
  if (error.status >= 500) return app.catalog.peekCategories();
  try {
    return await app.catalog.listCategories(request.id);
  } catch {
    return app.catalog.peekCategories();
  }
}

/** Renders the error page for `error` with its status. */
export async function sendErrorPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  error: PageError,
): Promise<FastifyReply> {
  logPageError(request, error);
  reply.code(error.status);
  if (error.status === 503) reply.header("retry-after", "30");
  try {
    const categories = await loadNavigation(app, request, error);
    // app.view rather than reply.viewAsync: the replies Fastify builds for
    // malformed URLs lack the reply decorators.
    const html = await app.view(error.template, {
      // Replies built for malformed URLs have no locals.
      ...(reply.locals ?? {}),
      ...buildLayoutContext(categories),
      error: {
        title: error.title,
        // Only client errors explain themselves; a 5xx detail stays in the log.
        detail: error.status < 500 ? error.detail : undefined,
        fieldErrors: error.fieldErrors,
        form: error.form,
      },
      fieldErrorsByName: Object.fromEntries(
        error.fieldErrors.map((fieldError) => [
          fieldError.field,
          fieldError.message,
        ]),
      ),
    });
    return reply.type("text/html; charset=utf-8").send(html);
  } catch (renderError) {
    request.log.error({ err: renderError }, "error page failed to render");
    return reply.type("text/html; charset=utf-8").send(fallbackHtml);
  }
}

export interface ErrorPageOptions {
  /** Sends the response to a request whose session the API rejected. */
  onSessionEnded: (
    request: FastifyRequest,
    reply: FastifyReply,
  ) => FastifyReply;
}

/**
 * Sets the error and not-found handlers of `app`. Call it on the root
 * instance, so the handlers cover every route.
 */
export function registerErrorPages(
  app: FastifyInstance,
  options: ErrorPageOptions,
): void {
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof SessionEndedError) {
      request.log.info("session ended by the api");
      return options.onSessionEnded(request, reply);
    }
    return sendErrorPage(app, request, reply, toPageError(error));
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendErrorPage(
      app,
      request,
      reply,
      new PageError("NOT_FOUND", "No page matches this address."),
    ),
  );
}
