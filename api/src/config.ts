// Reads the API's settings from the environment once, at start. Every invalid
// variable is listed with the fix before the process exits, and no other file
// reads process.env.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  readRateLimitSettings,
  type RateLimitSettings,
} from "./features/rate-limits/rate-limit.config.js";

/** The repository root: `.env` and the default data folder live here. */
export const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

export interface ApiConfig {
  readonly nodeEnv: "development" | "production" | "test";
  readonly host: string;
  readonly port: number;
  /** PostgreSQL connection string; undefined means embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Absolute folder for the embedded database, generated keys and uploads. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** ISO 4217 code of the shop's prices. */
  readonly currency: string;
  /** How long anonymous catalog reads stay cached in the process. */
  readonly catalogCacheTtlMs: number;
  /** The `iss` claim of access tokens, written and checked by the API. */
  readonly jwtIssuer: string;
  /** The `aud` claim of access tokens, written and checked by the API. */
  readonly jwtAudience: string;
  readonly accessTokenTtlSeconds: number;
  /** Lifetime of each refresh token, renewed by every rotation. */
  readonly refreshTokenTtlSeconds: number;
  /** How long a rotated refresh token still returns its successor. */
  readonly refreshReuseGraceSeconds: number;
  /**
   * Ed25519 private keys as JWKs; the first one signs and all are published.
   * Undefined means generated development keys (or in-memory keys in tests).
   */
  readonly jwtPrivateKeys: readonly Ed25519PrivateJwk[] | undefined;
  /** HMAC key that derives each refresh token's successor; see keys.ts. */
  readonly refreshTokenSecret: string | undefined;
  /** SMTP server for outgoing mail; undefined keeps mail in the log. */
  readonly smtpUrl: string | undefined;
  /** The From header of outgoing mail. */
  readonly mailFrom: string;
  /** The storefront's public origin, without a trailing slash, for links. */
  readonly webPublicUrl: string;
  /** Redis for shared rate limits; undefined keeps them in the process. */
  readonly redisUrl: string | undefined;
  /** Whether checkout requires a verified email address. */
  readonly requireVerifiedEmail: boolean;
  readonly rateLimits: RateLimitSettings;
  /** Sales tax or VAT rate in basis points: 2000 is 20 %. */
  readonly taxRateBasisPoints: number;
  /** Whether catalog prices already include tax (true) or tax is added. */
  readonly pricesIncludeTax: boolean;
  /**
   * Proxies whose X-Forwarded-For the API believes, as Fastify's
   * `trustProxy` takes them: `loopback`, addresses or CIDR ranges. The web
   * forwards each shopper's address this way, so per-address rate limits
   * see shoppers instead of the web server.
   */
  readonly trustProxy: string;
}

/** An Ed25519 private key in JWK form (RFC 8037), with its key id. */
export interface Ed25519PrivateJwk {
  readonly kty: "OKP";
  readonly crv: "Ed25519";
  readonly kid: string;
  /** The private key: 32 bytes, base64url. */
  readonly d: string;
  /** The public key: 32 bytes, base64url. */
  readonly x: string;
}

type Environment = Record<string, string | undefined>;

const logLevels: readonly LogLevel[] = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
];

/** Thrown with one line per invalid variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Loads `.env` from the repository root into `process.env` when the file
 * exists. Variables already set in the environment win over the file.
 */
export function loadDotEnv(): void {
  const file = path.join(repositoryRoot, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

function readPort(
  env: Environment,
  name: string,
  fallback: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(
      `${name}="${raw}" is not a TCP port: set a whole number from 0 to 65535 (default ${fallback}).`,
    );
    return fallback;
  }
  return port;
}

function readDatabaseUrl(
  env: Environment,
  problems: string[],
): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === "") return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    problems.push(
      'DATABASE_URL must be a PostgreSQL URL such as "postgres://user@127.0.0.1:5432/bazaar"; unset it to use the embedded database.',
    );
  }
  return raw;
}

function readWholeNumber(
  env: Environment,
  name: string,
  range: { fallback: number; min: number; max: number },
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return range.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    problems.push(
      `${name}="${raw}" must be a whole number of seconds from ${range.min} to ${range.max} (default ${range.fallback}).`,
    );
    return range.fallback;
  }
  return value;
}

const keyGenerationHint =
  'generate keys with "node --import tsx api/src/features/auth/generate-keys.ts" and set the lines it prints';
const base64url32Bytes = /^[A-Za-z0-9_-]{43}$/;

function isEd25519PrivateJwk(value: unknown): value is Ed25519PrivateJwk {
  if (typeof value !== "object" || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === "OKP" &&
    jwk.crv === "Ed25519" &&
    typeof jwk.kid === "string" &&
    jwk.kid.length > 0 &&
    typeof jwk.d === "string" &&
    base64url32Bytes.test(jwk.d) &&
    typeof jwk.x === "string" &&
    base64url32Bytes.test(jwk.x)
  );
}

/**
 * Parses a JSON list of Ed25519 private JWKs. A single JWK or a JWK Set
 * (`{"keys": [...]}`) is accepted too.
 */
function parsePrivateJwks(
  name: string,
  text: string,
  problems: string[],
): readonly Ed25519PrivateJwk[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${name} is not valid JSON: ${keyGenerationHint}.`);
    return undefined;
  }
  const isKeySet =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    "keys" in parsed;
  if (isKeySet) parsed = (parsed as { keys: unknown }).keys;
  const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0 || !list.every(isEd25519PrivateJwk)) {
    problems.push(
      `${name} must hold Ed25519 private keys as JWKs, each with kty "OKP", crv "Ed25519", a kid, d and x: ${keyGenerationHint}.`,
    );
    return undefined;
  }
  const kids = new Set(list.map((jwk) => jwk.kid));
  if (kids.size !== list.length) {
    problems.push(
      `${name} has two keys with the same kid: give each key its own kid.`,
    );
    return undefined;
  }
  const jwks = list.map((jwk) =>
    Object.freeze({
      kty: jwk.kty,
      crv: jwk.crv,
      kid: jwk.kid,
      d: jwk.d,
      x: jwk.x,
    }),
  );
  return Object.freeze(jwks);
}

function readPrivateJwks(
  env: Environment,
  problems: string[],
): readonly Ed25519PrivateJwk[] | undefined {
  if (env.JWT_PRIVATE_KEYS && env.JWT_PRIVATE_KEYS_FILE) {
    problems.push(
      "JWT_PRIVATE_KEYS and JWT_PRIVATE_KEYS_FILE are both set: keep only one.",
    );
    return undefined;
  }
  if (env.JWT_PRIVATE_KEYS) {
    return parsePrivateJwks("JWT_PRIVATE_KEYS", env.JWT_PRIVATE_KEYS, problems);
  }
  const file = env.JWT_PRIVATE_KEYS_FILE;
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(path.resolve(repositoryRoot, file), "utf8");
  } catch {
    problems.push(
      `JWT_PRIVATE_KEYS_FILE="${file}" cannot be read: point it to a readable JSON file of private JWKs, or ${keyGenerationHint}.`,
    );
    return undefined;
  }
  return parsePrivateJwks("JWT_PRIVATE_KEYS_FILE", text, problems);
}

function readRefreshTokenSecret(
  env: Environment,
  problems: string[],
): string | undefined {
  const secret = env.REFRESH_TOKEN_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    problems.push(
      `REFRESH_TOKEN_SECRET must be at least 32 characters long (a random value, such as 32 random bytes in base64url): ${keyGenerationHint}.`,
    );
  }
  return secret;
}

/** Production never falls back to generated keys: they would differ per host. */
function checkProductionSecrets(config: ApiConfig, problems: string[]): void {
  if (config.nodeEnv !== "production") return;
  if (
    config.jwtPrivateKeys === undefined &&
    !problems.some((problem) => problem.startsWith("JWT_PRIVATE_KEYS"))
  ) {
    problems.push(
      `JWT_PRIVATE_KEYS (or JWT_PRIVATE_KEYS_FILE) is required when NODE_ENV=production: ${keyGenerationHint}.`,
    );
  }
  if (config.refreshTokenSecret === undefined) {
    problems.push(
      `REFRESH_TOKEN_SECRET is required when NODE_ENV=production: ${keyGenerationHint}.`,
    );
  }
}

function readUrl(
  env: Environment,
  name: string,
  protocols: readonly string[],
  example: string,
  problems: string[],
): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !protocols.includes(url.protocol)) {
    const schemes = protocols.map((protocol) => protocol.slice(0, -1));
    problems.push(
      `${name}="${raw}" must be a ${schemes.join(" or ")} URL such as "${example}".`,
    );
    return undefined;
  }
  return raw;
}

function readWebPublicUrl(env: Environment, problems: string[]): string {
  const url = readUrl(
    env,
    "WEB_PUBLIC_URL",
    ["http:", "https:"],
    "https://shop.example.com",
    problems,
  );
  return (url ?? "http://127.0.0.1:8000").replace(/\/+$/, "");
}

function readFlag(
  env: Environment,
  name: string,
  fallback: boolean,
  problems: string[],
): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true") return true;
  if (raw === "false") return false;
  problems.push(
    `${name}="${raw}" must be true or false (default ${String(fallback)}).`,
  );
  return fallback;
}

function readTaxRate(env: Environment, problems: string[]): number {
  const raw = env.TAX_RATE_BASIS_POINTS;
  if (raw === undefined || raw === "") return 2000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 10_000) {
    problems.push(
      `TAX_RATE_BASIS_POINTS="${raw}" must be a whole number of basis points from 0 to 10000, such as 2000 for 20 % (default 2000).`,
    );
    return 2000;
  }
  return value;
}

/**
 * Parses the API settings from `env`.
 * Throws ConfigError naming every invalid variable and its fix.
 */
export function parseApiConfig(env: Environment): ApiConfig {
  const problems: string[] = [];

  const nodeEnv = env.NODE_ENV ?? "development";
  if (!["development", "production", "test"].includes(nodeEnv)) {
    problems.push(
      `NODE_ENV="${nodeEnv}" is not recognised: use development, production or test.`,
    );
  }
  const logLevel = (env.LOG_LEVEL ?? "info") as LogLevel;
  if (!logLevels.includes(logLevel)) {
    problems.push(
      `LOG_LEVEL="${logLevel}" is not a level: use one of ${logLevels.join(", ")}.`,
    );
  }
  const currency = env.SHOP_CURRENCY ?? "USD";
  if (!Intl.supportedValuesOf("currency").includes(currency)) {
    problems.push(
      `SHOP_CURRENCY="${currency}" must be an ISO 4217 code in capitals, such as USD or EUR.`,
    );
  }
  const cacheTtlRaw = env.CATALOG_CACHE_TTL_MS ?? "2000";
  const catalogCacheTtlMs = Number(cacheTtlRaw);
  if (!Number.isInteger(catalogCacheTtlMs) || catalogCacheTtlMs < 0) {
    problems.push(
      `CATALOG_CACHE_TTL_MS="${cacheTtlRaw}" must be a whole number of milliseconds (0 turns the cache off).`,
    );
  }

  const config: ApiConfig = {
    nodeEnv: nodeEnv as ApiConfig["nodeEnv"],
    host: env.HOST || "127.0.0.1",
    port: readPort(env, "API_PORT", 8001, problems),
    trustProxy: env.TRUST_PROXY || "loopback",
    databaseUrl: readDatabaseUrl(env, problems),
    dataDir: path.resolve(repositoryRoot, env.BAZAAR_DATA_DIR || ".data"),
    logLevel,
    currency,
    catalogCacheTtlMs,
    jwtIssuer: env.JWT_ISSUER || "bazaar",
    jwtAudience: env.JWT_AUDIENCE || "bazaar-api",
    accessTokenTtlSeconds: readWholeNumber(
      env,
      "ACCESS_TOKEN_TTL_SECONDS",
      { fallback: 300, min: 30, max: 3600 },
      problems,
    ),
    refreshTokenTtlSeconds: readWholeNumber(
      env,
      "REFRESH_TOKEN_TTL_SECONDS",
      { fallback: 30 * 24 * 3600, min: 600, max: 365 * 24 * 3600 },
      problems,
    ),
    refreshReuseGraceSeconds: readWholeNumber(
      env,
      "REFRESH_REUSE_GRACE_SECONDS",
      { fallback: 5, min: 0, max: 10 },
      problems,
    ),
    jwtPrivateKeys: readPrivateJwks(env, problems),
    refreshTokenSecret: readRefreshTokenSecret(env, problems),
    smtpUrl: readUrl(
      env,
      "SMTP_URL",
      ["smtp:", "smtps:"],
      "smtp://user:password@mail.example.com:587",
      problems,
    ),
    mailFrom: env.MAIL_FROM || "Bazaar <no-reply@localhost>",
    webPublicUrl: readWebPublicUrl(env, problems),
    redisUrl: readUrl(
      env,
      "REDIS_URL",
      ["redis:", "rediss:"],
      "redis://127.0.0.1:6379",
      problems,
    ),
    requireVerifiedEmail: readFlag(
      env,
      "REQUIRE_VERIFIED_EMAIL",
      false,
      problems,
    ),
    rateLimits: readRateLimitSettings(env, problems),
    taxRateBasisPoints: readTaxRate(env, problems),
    pricesIncludeTax: readFlag(env, "PRICES_INCLUDE_TAX", true, problems),
  };
  checkProductionSecrets(config, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * Loads `.env` and parses the API settings from the process environment.
 * Prints every invalid variable and exits with status 1 when any is invalid.
 */
export function loadApiConfig(): ApiConfig {
  loadDotEnv();
  try {
    return parseApiConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
