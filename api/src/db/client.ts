// Opens the database in one of its two modes: a PostgreSQL server when a URL
// is given, otherwise the embedded PGlite database in the data folder. Both
// run the same migrations and the same SQL.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";

import { lockEmbeddedDatabase } from "./lock.js";
import * as schema from "./schema.js";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface DatabaseHandle {
  readonly db: Database;
  readonly mode: "postgres" | "embedded";
  /** Applies every migration not applied yet. */
  migrate(): Promise<void>;
  /** Returns true when a trivial query succeeds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../drizzle",
);

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; without it the embedded database opens. */
  databaseUrl?: string | undefined;
  /**
   * Folder of the embedded database. Without it, the embedded database lives
   * in memory, which is what tests use.
   */
  embeddedDir?: string | undefined;
  /** Maximum connections in the PostgreSQL pool. */
  poolSize?: number;
}

/**
 * Opens the database described by `options`.
 * Throws EmbeddedDatabaseLockedError when another process has the embedded
 * folder open.
 */
export async function openDatabase(
  options: OpenDatabaseOptions,
): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  }
  return openEmbedded(options.embeddedDir);
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that the server drops (a restart, a timeout) emits an
  // error on the pool; without a listener Node would end the process. The
  // pool replaces the connection on the next query.
  pool.on("error", (error) => {
    process.emitWarning(`PostgreSQL connection lost: ${error.message}`);
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Database;
  return {
    db,
    mode: "postgres",
    async migrate() {
      await migrateNodePg(drizzleNodePg(pool, { schema }), {
        migrationsFolder,
      });
    },
    ping: () => ping(db),
    close: () => pool.end(),
  };
}

async function openEmbedded(dir: string | undefined): Promise<DatabaseHandle> {
  let release = async (): Promise<void> => {};
  if (dir) {
    mkdirSync(dir, { recursive: true });
    release = await lockEmbeddedDatabase(dir);
  }
  try {
    const client = await PGlite.create(dir, { extensions: { pg_trgm } });
    const orm = drizzlePglite(client, { schema });
    const db = orm as unknown as Database;
    return {
      db,
      mode: "embedded",
      async migrate() {
        await migratePglite(orm, { migrationsFolder });
      },
      ping: () => ping(db),
      async close() {
        await client.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

async function ping(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Error codes that mean the PostgreSQL server or database cannot be used. */
const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "3D000", // the database does not exist
  "28000", // no access for this user
  "28P01", // wrong password
  "57P03", // the server is starting up or shutting down
]);

/**
 * Returns a one-line explanation when `error`, or an error it wraps, says
 * that the PostgreSQL server or database in DATABASE_URL cannot be used;
 * otherwise returns undefined.
 */
export function describeConnectionError(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code && connectionErrorCodes.has(code)) {
      return `Cannot use the PostgreSQL database in DATABASE_URL (${current.message}). Check that the server runs, that the database exists (createdb NAME) and that the user may connect, or unset DATABASE_URL to use the embedded database.`;
    }
    current = current.cause;
  }
  return undefined;
}
