// An in-process cache of anonymous catalog reads, plus the ETag handling of
// every catalog GET. Entries are keyed by the full request URL and hold the
// serialised body with its ETag, so a hit skips the handler, the database
// and the serialiser. Each API process has its own cache, so after a catalog
// write another process may serve the old page until its TTL runs out.
import { createHash } from "node:crypto";

import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
} from "fastify";
import fp from "fastify-plugin";

/** A cached response body and the ETag computed from it. */
export interface CachedCatalogResponse {
  body: string;
  etag: string;
}

export interface CatalogCache {
  /** True when the TTL is above zero; with 0 the cache stores nothing. */
  readonly isEnabled: boolean;
  /** Returns the fresh entry for `url`, or undefined when none is stored. */
  find(url: string): CachedCatalogResponse | undefined;
  store(url: string, response: CachedCatalogResponse): void;
  /**
   * Drops every entry. Every catalog write (category, product, variant,
   * image or stock change) must call it after its transaction commits, so
   * that the next read in this process sees the change.
   */
  clear(): void;
}

declare module "fastify" {
  interface FastifyInstance {
    catalogCache: CatalogCache;
  }
}

/**
 * Upper bound on stored URLs. Query strings are client-controlled, so
 * without a bound a client could fill the memory with distinct URLs.
 */
const maxEntries = 2000;

const cacheControlHeader = "public, max-age=0, must-revalidate";

interface Entry extends CachedCatalogResponse {
  expiresAtMs: number;
}

/** Creates a cache whose entries expire `ttlMs` after they are stored. */
export function createCatalogCache(
  ttlMs: number,
  now: () => number = Date.now,
): CatalogCache {
  const entries = new Map<string, Entry>();
  return {
    isEnabled: ttlMs > 0,
    find(url) {
      const entry = entries.get(url);
      if (!entry) return undefined;
      if (entry.expiresAtMs <= now()) {
        entries.delete(url);
        return undefined;
      }
      return entry;
    },
    store(url, response) {
      if (ttlMs <= 0) return;
      // Map keeps insertion order, so the first key is the oldest entry.
      if (entries.size >= maxEntries && !entries.has(url)) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(url, { ...response, expiresAtMs: now() + ttlMs });
    },
    clear() {
      entries.clear();
    },
  };
}

/** Returns a strong ETag: a quoted SHA-256 digest of the body. */
export function computeEtag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url")}"`;
}

/**
 * Returns true when an If-None-Match header value matches `etag`. The header
 * may list several tags or be `*`; RFC 9110 compares them weakly, so a `W/`
 * prefix is ignored.
 */
export function matchesIfNoneMatch(
  header: string | undefined,
  etag: string,
): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header
    .split(",")
    .some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** Only anonymous GETs share cached responses. */
function isCacheable(request: FastifyRequest): boolean {
  return request.method === "GET" && !request.headers.authorization;
}

function sendNotModified(reply: FastifyReply): FastifyReply {
  reply.removeHeader("content-type");
  reply.removeHeader("content-length");
  return reply.code(304).send();
}

/** Requests served from the cache; onSend leaves their reply alone. */
const servedFromCache = new WeakSet<FastifyRequest>();

/**
 * Adds the caching and ETag hooks to every route of `app`'s encapsulation
 * context. Call it at the top of a catalog route plugin.
 */
export function useCatalogCache(app: FastifyInstance): void {
  const cache = app.catalogCache;

  const serveFromCache: onRequestAsyncHookHandler = async (request, reply) => {
    if (!cache.isEnabled || !isCacheable(request)) return;
    const cached = cache.find(request.url);
    if (!cached) return;
    servedFromCache.add(request);
    reply
      .header("etag", cached.etag)
      .header("cache-control", cacheControlHeader);
    if (matchesIfNoneMatch(request.headers["if-none-match"], cached.etag)) {
      return sendNotModified(reply);
    }
    reply.type("application/json; charset=utf-8");
    return reply.send(cached.body);
  };

  // Only 200 responses are stored, so serving them before validation is safe.
  app.addHook("onRequest", serveFromCache);

  app.addHook("onSend", async (request, reply, payload) => {
    if (servedFromCache.has(request)) return payload;
    if (reply.statusCode !== 200 || typeof payload !== "string") {
      return payload;
    }
    const etag = computeEtag(payload);
    reply.header("etag", etag);
    reply.header(
      "cache-control",
      request.headers.authorization
        ? "private, max-age=0, must-revalidate"
        : cacheControlHeader,
    );
    if (cache.isEnabled && isCacheable(request)) {
      cache.store(request.url, { body: payload, etag });
    }
    if (matchesIfNoneMatch(request.headers["if-none-match"], etag)) {
      reply.removeHeader("content-type");
      reply.code(304);
      return null;
    }
    return payload;
  });
}

function catalogCachePlugin(
  app: FastifyInstance,
  _options: unknown,
  done: () => void,
): void {
  app.decorate(
    "catalogCache",
    createCatalogCache(app.config.catalogCacheTtlMs),
  );
  done();
}

/** Decorates the app with `catalogCache`, sized by `catalogCacheTtlMs`. */
export default fp(catalogCachePlugin, { name: "catalog-cache" });
