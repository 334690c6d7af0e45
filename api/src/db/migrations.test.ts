// The committed migrations must build the same schema on the embedded
// database and on a PostgreSQL server, since the shop runs on either.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { sql, type SQL } from "drizzle-orm";

import { createTestDatabase, testDatabaseUrl } from "../test/database.js";
import { openDatabase, type DatabaseHandle } from "./client.js";

interface SchemaSnapshot {
  columns: string[];
  indexes: string[];
  constraints: string[];
}

/** Runs a query whose rows have one `description` column. */
async function queryLines(
  handle: DatabaseHandle,
  query: SQL,
): Promise<string[]> {
  const result = (await handle.db.execute(query)) as {
    rows: { description: string }[];
  };
  return result.rows.map((row) => row.description);
}

async function readSchema(handle: DatabaseHandle): Promise<SchemaSnapshot> {
  return {
    columns: await queryLines(
      handle,
      sql`select table_name || '.' || column_name || ' ' || data_type
            || ' null=' || is_nullable
            || ' default=' || coalesce(column_default, '') as description
          from information_schema.columns
          where table_schema = 'public'
          order by table_name, column_name`,
    ),
    indexes: await queryLines(
      handle,
      sql`select indexdef as description from pg_indexes
          where schemaname = 'public' order by indexname`,
    ),
    constraints: await queryLines(
      handle,
      // PostgreSQL 18, inside PGlite, also lists NOT NULL as constraints of
      // type n; the column comparison already covers nullability.
      sql`select conrelid::regclass::text || ' ' || conname || ' '
            || pg_get_constraintdef(oid) as description
          from pg_constraint
          where connamespace = 'public'::regnamespace and contype <> 'n'
          order by conrelid::regclass::text, conname`,
    ),
  };
}

describe("migrations", () => {
  let embedded: DatabaseHandle;

  before(async () => {
    embedded = await openDatabase({});
    await embedded.migrate();
  });
  after(async () => {
    await embedded.close();
  });

  test("create every table on PGlite", async () => {
    const schema = await readSchema(embedded);

    for (const table of ["categories", "products", "variants", "users"]) {
      assert.ok(
        schema.columns.some((column) => column.startsWith(`${table}.`)),
        `table ${table} is missing`,
      );
    }
  });

  test("run twice without change", async () => {
    const firstSchema = await readSchema(embedded);

    await embedded.migrate();

    assert.deepEqual(await readSchema(embedded), firstSchema);
  });

  test("build the same schema on PostgreSQL", async (t) => {
    if (!testDatabaseUrl) {
      t.skip("TEST_DATABASE_URL is not set: no PostgreSQL server to compare");
      return;
    }
    const server = await createTestDatabase();
    t.after(() => server.close());

    const onServer = await readSchema(server);
    const onEmbedded = await readSchema(embedded);

    assert.deepEqual(onServer.columns, onEmbedded.columns);
    assert.deepEqual(onServer.indexes, onEmbedded.indexes);
    assert.deepEqual(onServer.constraints, onEmbedded.constraints);
  });
});
