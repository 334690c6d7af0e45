// Reads the API's settings from the environment once, at start. Every invalid
// variable is listed with the fix before the process exits, and no other file
// reads process.env.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
  if (!/^[A-Z]{3}$/.test(currency)) {
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
    databaseUrl: readDatabaseUrl(env, problems),
    dataDir: path.resolve(repositoryRoot, env.BAZAAR_DATA_DIR || ".data"),
    logLevel,
    currency,
    catalogCacheTtlMs,
  };
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
