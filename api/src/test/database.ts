// Gives each test file its own fresh, migrated database: an in-memory PGlite
// by default, or a new database on the PostgreSQL server named by
// TEST_DATABASE_URL, dropped again when the file is done.
import { randomBytes } from "node:crypto";

import pg from "pg";

import { openDatabase, type DatabaseHandle } from "../db/client.js";

/** The PostgreSQL server the suite runs against, when one is given. */
export const testDatabaseUrl: string | undefined =
  process.env.TEST_DATABASE_URL || undefined;

export const testDatabaseMode = testDatabaseUrl ? "postgres" : "embedded";

async function runAdminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Opens a fresh migrated database for one test file. On PostgreSQL it creates
 * a uniquely named database and drops it on close.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (!testDatabaseUrl) {
    const handle = await openDatabase({});
    await handle.migrate();
    return handle;
  }

  const serverUrl = testDatabaseUrl;
  const name = `bazaar_test_${randomBytes(6).toString("hex")}`;
  await runAdminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({
    databaseUrl: url.toString(),
    poolSize: 20,
  });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      await runAdminQuery(
        serverUrl,
        `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
      );
    },
  };
}
