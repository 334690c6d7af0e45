// Runs `catalog:import` as a child process, as a user would, against an
// embedded database in a temporary data folder (and against a fresh
// PostgreSQL database when TEST_DATABASE_URL is set).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
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
const repositoryDir = path.dirname(apiDir);
const cliPath = path.join(apiDir, "src/cli/catalog-import.ts");
// Resolved here because the command may run in a folder outside the
// repository, where `--import tsx` would not find the package.
const tsxLoaderUrl = import.meta.resolve("tsx");

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

/**
 * Runs the command from api/ as the workspace's npm script does, with
 * INIT_CWD set to `workDir` unless `env` replaces it. An undefined value
 * removes the variable.
 */
function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", tsxLoaderUrl, cliPath, ...args],
      {
        cwd: options.cwd ?? apiDir,
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

/**
 * Runs a script of the root package.json through npm from `options.cwd`,
 * as a user in that folder would. The npm variables of any outer npm run
 * are removed so that they do not choose a workspace or an INIT_CWD.
 */
function runNpmScript(
  args: string[],
  env: Record<string, string>,
  options: { cwd: string },
): Promise<CliResult> {
  const outerEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^npm_/i.test(name) && name !== "INIT_CWD",
    ),
  );
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["--prefix", repositoryDir, "run", "--silent", ...args],
      {
        cwd: options.cwd,
        env: { ...outerEnv, DATABASE_URL: "", NODE_ENV: "test", ...env },
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
  await writeFile(path.join(workDir, name), toJsonLines(entries));
}

/** Writes a JSON array with one entry per line, entry N on line N + 1. */
function toJsonLines(entries: unknown[]): string {
  return `[\n${entries.map((entry) => JSON.stringify(entry)).join(",\n")}\n]\n`;
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
      /^lamps\.json:4: invalid price "12\.345": use at most 2 decimal places$/m,
    );
    assert.match(result.stderr, /2\/2 products/);
    assert.equal(await countEmbeddedProducts(dataDir), 2);
  });

  test("resolves path against INIT_CWD subfolder", async () => {
    const dataDir = path.join(workDir, "data-init-cwd");
    const subfolder = path.join(workDir, "init-cwd-docs");
    await mkdir(subfolder, { recursive: true });
    await writeProducts("up.json", "CLI-E");

    // The root package.json runs the file from the repository root, and npm
    // sets INIT_CWD to the folder the user ran `npm run` in.
    const result = await runCli(
      ["../up.json"],
      { BAZAAR_DATA_DIR: dataDir, INIT_CWD: subfolder },
      { cwd: repositoryDir },
    );

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\.\.\/up\.json: 2 created/m);
  });

  test("root npm script keeps caller folder", async () => {
    const dataDir = path.join(workDir, "data-npm");
    const subfolder = path.join(workDir, "npm-docs");
    await mkdir(subfolder, { recursive: true });
    await writeProducts("npm.json", "CLI-H");

    const result = await runNpmScript(
      ["catalog:import", "--", "../npm.json"],
      { BAZAAR_DATA_DIR: dataDir },
      { cwd: subfolder },
    );

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\.\.\/npm\.json: 2 created/m);
  });

  test("resolves path against cwd without INIT_CWD", async () => {
    const dataDir = path.join(workDir, "data-cwd");
    const subfolder = path.join(workDir, "cwd-docs");
    await mkdir(subfolder, { recursive: true });
    await writeProducts("cwd.json", "CLI-F");

    const result = await runCli(
      ["../cwd.json"],
      { BAZAAR_DATA_DIR: dataDir, INIT_CWD: undefined },
      { cwd: subfolder },
    );

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\.\.\/cwd\.json: 2 created/m);
  });

  test("prints rounded progress percentage", async () => {
    const dataDir = path.join(workDir, "data-progress");
    const entries = Array.from({ length: 60 }, (_, index) => ({
      title: `Candle ${index}`,
      sku: `CLI-G-${index}`,
      price: 2,
    }));
    await writeFile(path.join(workDir, "candles.json"), toJsonLines(entries));

    const result = await runCli(["candles.json"], { BAZAAR_DATA_DIR: dataDir });

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^candles\.json: 0\/60 products \(0 %\)/m);
    assert.match(result.stderr, /^candles\.json: 50\/60 products \(83 %\)/m);
    assert.match(result.stderr, /^candles\.json: 60\/60 products \(100 %\)/m);
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
