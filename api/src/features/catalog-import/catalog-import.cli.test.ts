// Runs `catalog:import` as a child process, as a user would, against an
// embedded database in a temporary data folder (and against a fresh
// PostgreSQL database when TEST_DATABASE_URL is set).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";

import pg from "pg";

import { openDatabase } from "../../db/client.js";
import { lockEmbeddedDatabase } from "../../db/lock.js";
import { products } from "../../db/schema.js";
import { testDatabaseUrl } from "../../test/database.js";

const apiDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../..",
);
const cliPath = path.join(apiDir, "src/cli/catalog-import.ts");

let workDir: string;

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "bazaar-cli-"));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command from api/ as npm does, with INIT_CWD set to `workDir`. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", cliPath, ...args],
      {
        cwd: apiDir,
        env: {
          ...process.env,
          DATABASE_URL: "",
          INIT_CWD: workDir,
          NODE_ENV: "test",
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? Number(error.code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function writeProducts(name: string, skuPrefix: string): Promise<void> {
  const entries = [
    { title: "Desk Lamp", sku: `${skuPrefix}-1`, price: 39.5, stock: 4 },
    { title: "Desk Lamp", sku: `${skuPrefix}-2`, price: 41, stock: 0 },
    { title: "Broken", sku: `${skuPrefix}-3`, price: "12.345" },
  ];
  await writeFile(path.join(workDir, name), JSON.stringify(entries));
}

async function countEmbeddedProducts(dataDir: string): Promise<number> {
  const handle = await openDatabase({
    embeddedDir: path.join(dataDir, "pglite"),
  });
  try {
    return await handle.db.$count(products);
  } finally {
    await handle.close();
  }
}

describe("catalog:import command", () => {
  test("imports file and prints summary", async () => {
    const dataDir = path.join(workDir, "data-import");
    await writeProducts("lamps.json", "CLI-A");

    const result = await runCli(["lamps.json"], { BAZAAR_DATA_DIR: dataDir });

    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^lamps\.json: 2 created, 0 updated, 0 unchanged, 1 rejected/m,
    );
    assert.match(
      result.stdout,
      /^lamps\.json:3: invalid price "12\.345": use at most 2 decimal places$/m,
    );
    assert.match(result.stderr, /2\/2 products/);
    assert.equal(await countEmbeddedProducts(dataDir), 2);
  });

  test("exits 1 when database is locked", async () => {
    const dataDir = path.join(workDir, "data-locked");
    await writeProducts("first.json", "CLI-B");
    await writeProducts("second.json", "CLI-C");
    const first = await runCli(["first.json"], { BAZAAR_DATA_DIR: dataDir });
    assert.equal(first.code, 0, first.stderr);
    const release = await lockEmbeddedDatabase(path.join(dataDir, "pglite"));

    let result: CliResult;
    try {
      result = await runCli(["second.json"], { BAZAAR_DATA_DIR: dataDir });
    } finally {
      await release();
    }

    assert.equal(result.code, 1);
    assert.match(result.stderr, /is in use by another process/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
    assert.equal(result.stdout, "");
    assert.equal(await countEmbeddedProducts(dataDir), 2);
  });

  test("exits 2 without files", async () => {
    const result = await runCli([], { BAZAAR_DATA_DIR: workDir });

    assert.equal(result.code, 2);
    assert.match(result.stderr, /no file given/);
  });

  test("exits 2 for missing file", async () => {
    const result = await runCli(["absent.json"], { BAZAAR_DATA_DIR: workDir });

    assert.equal(result.code, 2);
    assert.match(result.stderr, /file not found: .*absent\.json/);
  });

  test("exits 1 for unsupported file", async () => {
    const dataDir = path.join(workDir, "data-unsupported");
    await writeFile(path.join(workDir, "notes.txt"), "hello");

    const result = await runCli(["notes.txt"], { BAZAAR_DATA_DIR: dataDir });

    assert.equal(result.code, 1);
    assert.match(result.stderr, /notes\.txt: unsupported file type "\.txt"/);
  });

  test("prints usage for --help", async () => {
    const result = await runCli(["--help"], { BAZAAR_DATA_DIR: workDir });

    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: npm run catalog:import -- FILE/);
    assert.match(result.stdout, /DATABASE_URL/);
    assert.match(result.stdout, /\.json/);
  });

  test("imports into PostgreSQL server", async (t) => {
    if (!testDatabaseUrl) {
      t.skip("TEST_DATABASE_URL is not set");
      return;
    }
    const name = `bazaar_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${name}`;
    await writeProducts("pg.json", "CLI-D");

    try {
      const result = await runCli(["pg.json"], {
        DATABASE_URL: url.toString(),
        BAZAAR_DATA_DIR: path.join(workDir, "data-pg"),
      });

      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /pg\.json: 2 created/);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
