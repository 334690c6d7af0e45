// The counters behind the rate limits. Two stores implement the interface:
// one in the process (memory-store.ts) and one shared through Redis
// (redis-store.ts), so that several API processes count together.

/** A counter and the time left until it expires. */
export interface Counter {
  count: number;
  /** Milliseconds until the counter expires and counting starts again. */
  ttlMs: number;
}

/**
 * How a counter expires: "fixed" expires `windowMs` after its first hit, and
 * "sliding" pushes its expiry to `windowMs` after every hit.
 */
export type Expiry = "fixed" | "sliding";

export interface RateLimitStore {
  /** Adds one to the counter at `key`, creating it, and returns it. */
  increment(
    key: string,
    options: { windowMs: number; expiry: Expiry },
  ): Promise<Counter>;
  /** Returns the counter at `key`, or undefined when it has expired. */
  get(key: string): Promise<Counter | undefined>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
