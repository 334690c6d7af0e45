// Sends 405 with an Allow header, instead of the 404 page, when a route
// exists for the path but not for the request's method (`POST /`,
// `DELETE /search`). Fastify sends such requests to the not-found handler,
// so an onRequest hook catches them there, before the CSRF check would
// answer 403 for a form that cannot exist.
import type { FastifyInstance } from "fastify";

import { PageError } from "../errors.js";

interface RouteMethods {
  pathPattern: RegExp;
  methods: Set<string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Converts a Fastify route URL into a pattern for request paths: `:name`
 * matches one path segment and `*` the rest of the path. A trailing slash
 * is optional, as the router's `ignoreTrailingSlash` makes it.
 * NOTE: a parameter's own regular expression, such as `:id(^\d+$)`, is not
 * applied, so such a route counts for any segment.
 */
export function toPathPattern(url: string): RegExp {
  const parts = url.split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/);
  const source = parts
    .map((part) => {
      if (part === "*") return ".*";
      if (part.startsWith(":")) return "[^/]+";
      return escapeRegExp(part);
    })
    .join("")
    .replace(/\/$/, "");
  return new RegExp(`^${source}/?$`);
}

/** Returns the methods of `routes` that accept `path`, sorted, or none. */
export function findAllowedMethods(
  routes: readonly RouteMethods[],
  path: string,
): string[] {
  const allowed = new Set<string>();
  for (const route of routes) {
    if (!route.pathPattern.test(path)) continue;
    for (const method of route.methods) allowed.add(method);
  }
  if (allowed.has("GET")) allowed.add("HEAD");
  return [...allowed].sort();
}

/**
 * Records every route that `app` registers from now on, and sends 405 to
 * requests that no route takes but whose path has a route for another
 * method. Call it on the root instance before the routes are registered.
 */
export function registerMethodNotAllowed(app: FastifyInstance): void {
  const routes: RouteMethods[] = [];

  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({
      pathPattern: toPathPattern(route.url),
      methods: new Set(methods.map((method) => method.toUpperCase())),
    });
  });

  app.addHook("onRequest", async (request, reply) => {
    if (!request.is404) return;
    const path = request.url.split("?", 1)[0] ?? "/";
    const allowed = findAllowedMethods(routes, path);
    if (allowed.length === 0) return;
    reply.header("allow", allowed.join(", "));
    throw new PageError(
      "METHOD_NOT_ALLOWED",
      `This address does not accept ${request.method} requests.`,
    );
  });
}
