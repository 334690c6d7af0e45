// Reads the web's settings from the environment once, at start. Every invalid
// variable is listed with the fix before the process exits, and no other file
// reads process.env.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: `.env` lives here. */
export const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

export interface WebConfig {
  readonly nodeEnv: "development" | "production" | "test";
  readonly host: string;
  readonly port: number;
  /** Base URL of the API, without a trailing slash. */
  readonly apiUrl: string;
  /** How long one API call may take before the page becomes a 503. */
  readonly apiTimeoutMs: number;
  /**
   * Proxies in front of the web whose X-Forwarded-For it believes (Fastify's
   * `trustProxy`); false when browsers connect to it directly.
   */
  readonly trustProxy: string | false;
  readonly logLevel: LogLevel;
  /**
   * ISO 4217 code of the shop's prices, the same variable the API reads.
   * The web needs it to parse price filters before it calls the API.
   */
  readonly currency: string;
  /**
   * Folder for generated files, shared with the API (`BAZAAR_DATA_DIR`).
   * The development session key lives in its `keys/` folder.
   */
  readonly dataDir: string;
  /**
   * The secret that encrypts the session cookie, at least 32 bytes. Unset
   * outside production, where a generated key file takes its place.
   */
  readonly sessionSecret: string | undefined;
  /**
   * The origin browsers use to reach the web, such as https://shop.example,
   * when a proxy sits in front. Unset means the request's own Host header.
   */
  readonly publicUrl: string | undefined;
  /** `iss` that access tokens must carry, the same variable the API reads. */
  readonly jwtIssuer: string;
  /** `aud` that access tokens must carry, the same variable the API reads. */
  readonly jwtAudience: string;
}

/** Minimum length of WEB_SESSION_SECRET, in bytes of UTF-8. */
export const minSessionSecretBytes = 32;

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

function readApiUrl(env: Environment, problems: string[]): string {
  const raw = env.API_URL || "http://127.0.0.1:8001";
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !["http:", "https:"].includes(url.protocol)) {
    problems.push(
      `API_URL="${raw}" is not an http(s) URL: set the API's base URL, such as http://127.0.0.1:8001.`,
    );
  }
  return raw.replace(/\/+$/, "");
}

function readTimeoutMs(env: Environment, problems: string[]): number {
  const raw = env.API_TIMEOUT_MS || "5000";
  const timeoutMs = Number(raw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    problems.push(
      `API_TIMEOUT_MS="${raw}" must be a whole number of milliseconds, at least 1 (default 5000).`,
    );
  }
  return timeoutMs;
}

function readSessionSecret(
  env: Environment,
  nodeEnv: string,
  problems: string[],
): string | undefined {
  const secret = env.WEB_SESSION_SECRET || undefined;
  const howToMake = "make one with `openssl rand -base64 32`";
  if (secret === undefined) {
    if (nodeEnv === "production") {
      problems.push(
        `WEB_SESSION_SECRET is missing: production needs a secret of at least ${minSessionSecretBytes} bytes to encrypt session cookies; ${howToMake}.`,
      );
    }
    return undefined;
  }
  if (Buffer.byteLength(secret, "utf8") < minSessionSecretBytes) {
    problems.push(
      `WEB_SESSION_SECRET is too short: it must be at least ${minSessionSecretBytes} bytes; ${howToMake}.`,
    );
  }
  return secret;
}

function readPublicUrl(
  env: Environment,
  problems: string[],
): string | undefined {
  const raw = env.WEB_PUBLIC_URL || undefined;
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !["http:", "https:"].includes(url.protocol)) {
    problems.push(
      `WEB_PUBLIC_URL="${raw}" is not an http(s) URL: set the address browsers use, such as https://shop.example.`,
    );
    return undefined;
  }
  return url.origin;
}

/**
 * Parses the web settings from `env`.
 * Throws ConfigError naming every invalid variable and its fix.
 */
export function parseWebConfig(env: Environment): WebConfig {
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
  if (!/^[A-Z]{3}$/.test(currency)) {
    problems.push(
      `SHOP_CURRENCY="${currency}" must be an ISO 4217 code in capitals, such as USD or EUR.`,
    );
  }

  const config: WebConfig = {
    nodeEnv: nodeEnv as WebConfig["nodeEnv"],
    host: env.HOST || "127.0.0.1",
    port: readPort(env, "WEB_PORT", 8000, problems),
    apiUrl: readApiUrl(env, problems),
    apiTimeoutMs: readTimeoutMs(env, problems),
    trustProxy: env.WEB_TRUST_PROXY || false,
    logLevel,
    currency,
    dataDir: path.resolve(repositoryRoot, env.BAZAAR_DATA_DIR || ".data"),
    sessionSecret: readSessionSecret(env, nodeEnv, problems),
    publicUrl: readPublicUrl(env, problems),
    jwtIssuer: env.JWT_ISSUER || "bazaar",
    jwtAudience: env.JWT_AUDIENCE || "bazaar-api",
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * Loads `.env` and parses the web settings from the process environment.
 * Prints every invalid variable and exits with status 1 when any is invalid.
 */
export function loadWebConfig(): WebConfig {
  loadDotEnv();
  try {
    return parseWebConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
