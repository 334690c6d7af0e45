import type { Counter, RateLimitStore } from "./rate-limit-store.js";

interface Entry {
  count: number;
  expiresAtMs: number;
}

/** Past this many counters, each increment first drops the expired ones. */
const sweepThreshold = 10_000;

/**
 * Builds a store that keeps counters in this process, timed by `now`. Each
 * API process counts alone, so N processes allow N times the limits.
 */
export function createMemoryRateLimitStore(now: () => Date): RateLimitStore {
  const entries = new Map<string, Entry>();

  function findLive(key: string, nowMs: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAtMs > nowMs) return entry;
    entries.delete(key);
    return undefined;
  }

  function sweep(nowMs: number): void {
    for (const [key, entry] of entries) {
      if (entry.expiresAtMs <= nowMs) entries.delete(key);
    }
  }

  return {
    async increment(key, { windowMs, expiry }): Promise<Counter> {
      const nowMs = now().getTime();
      if (entries.size >= sweepThreshold) sweep(nowMs);
      const entry = findLive(key, nowMs) ?? {
        count: 0,
        expiresAtMs: nowMs + windowMs,
      };
      entry.count += 1;
      if (expiry === "sliding") entry.expiresAtMs = nowMs + windowMs;
      entries.set(key, entry);
      return { count: entry.count, ttlMs: entry.expiresAtMs - nowMs };
    },
    async get(key): Promise<Counter | undefined> {
      const nowMs = now().getTime();
      const entry = findLive(key, nowMs);
      if (!entry) return undefined;
      return { count: entry.count, ttlMs: entry.expiresAtMs - nowMs };
    },
    async delete(key): Promise<void> {
      entries.delete(key);
    },
    async close(): Promise<void> {
      entries.clear();
    },
  };
}
