// Runs `admin:create` as a child process without a terminal, as a script or
// CI job would: against an embedded database in a temporary data folder, or
// against a fresh PostgreSQL database when TEST_DATABASE_URL is set.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";

import { sql } from "drizzle-orm";
import pg from "pg";

import { openDatabase, type DatabaseHandle } from "../db/client.js";
import { lockEmbeddedDatabase } from "../db/lock.js";
import { users } from "../db/schema.js";
import { requireRole } from "../plugins/auth.js";
import {
  bearer,
  buildAuthTestApp,
  signIn,
} from "../features/auth/auth.test-helpers.js";
import { verifyPassword } from "../features/auth/passwords.js";
import { testDatabaseUrl } from "./database.js";
import { buildUser, uniqueSuffix } from "./factories.js";

const apiDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const cliPath = path.join(apiDir, "src/cli/admin-create.ts");

let workDir: string;
let dataDir: string;
/** The PostgreSQL database of this file, when TEST_DATABASE_URL is set. */
let databaseUrl = "";
let databaseName = "";

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "bazaar-admin-"));
  dataDir = path.join(workDir, "data");
  if (!testDatabaseUrl) return;
  databaseName = `bazaar_test_${randomBytes(6).toString("hex")}`;
  await runAdminQuery(`CREATE DATABASE ${databaseName}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
  if (databaseName) {
    await runAdminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  }
});

async function runAdminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command with stdin closed, so it is not a terminal. */
function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", cliPath, ...args],
      {
        cwd: apiDir,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          BAZAAR_DATA_DIR: dataDir,
          NODE_ENV: "test",
        },
      },
      (error, stdout, stderr) => {
        const code = error ? Number(error.code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/**
 * Opens the database the command writes to, runs `use` and closes it again,
 * because the embedded database admits one process at a time.
 */
async function withDatabase<T>(
  use: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(
    databaseUrl
      ? { databaseUrl }
      : { embeddedDir: path.join(dataDir, "pglite") },
  );
  try {
    await database.migrate();
    return await use(database);
  } finally {
    await database.close();
  }
}

interface StoredUser {
  role: string;
  username: string | null;
  passwordHash: string;
}

function findStoredUser(email: string): Promise<StoredUser | undefined> {
  return withDatabase(async (database) => {
    const [row] = await database.db
      .select({
        role: users.role,
        username: users.username,
        passwordHash: users.passwordHash,
      })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`);
    return row;
  });
}

function newEmail(): string {
  return `admin-${uniqueSuffix()}@example.com`;
}

const strongPassword = "plum orchard lantern 42";

describe("admin:create command", () => {
  test("creates an admin user", async () => {
    const email = newEmail();
    const username = `admin_${uniqueSuffix()}`.slice(0, 30);

    const result = await runCli([
      "--email",
      email,
      "--password",
      strongPassword,
      "--username",
      username,
    ]);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^created admin .+ \(id [0-9a-f-]{36}\)$/m);
    assert.equal(result.stderr, "");
    assert.ok(!result.stdout.includes(strongPassword));
    const stored = await findStoredUser(email);
    assert.equal(stored?.role, "admin");
    assert.equal(stored?.username, username);
    assert.equal(
      await verifyPassword(stored?.passwordHash ?? "", strongPassword),
      true,
    );
  });

  test("rejects a weak password", async () => {
    const email = newEmail();

    const result = await runCli(["--email", email, "--password", "iloveyou"]);

    assert.equal(result.code, 1);
    assert.match(result.stderr, /^admin:create: password is too common/m);
    assert.ok(!`${result.stdout}${result.stderr}`.includes("iloveyou"));
    assert.equal(await findStoredUser(email), undefined);
  });

  test("rejects a short password", async () => {
    const result = await runCli(["--email", newEmail(), "--password", "abc"]);

    assert.equal(result.code, 1);
    assert.match(result.stderr, /password must be at least 8 characters/);
  });

  test("rejects a duplicate email in any case", async () => {
    const email = newEmail();
    const first = await runCli([
      "--email",
      email,
      "--password",
      strongPassword,
    ]);
    assert.equal(first.code, 0, first.stderr);

    const result = await runCli([
      "--email",
      email.toUpperCase(),
      "--password",
      `${strongPassword} again`,
    ]);

    assert.equal(result.code, 1);
    assert.match(result.stderr, /already exists: run again with --promote/);
    const stored = await findStoredUser(email);
    assert.equal(
      await verifyPassword(stored?.passwordHash ?? "", strongPassword),
      true,
    );
  });

  test("promotes an existing customer", async () => {
    const customer = await withDatabase((database) =>
      buildUser(database.db, { email: newEmail() }),
    );

    const result = await runCli(["--email", customer.email, "--promote"]);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /gave the admin role to .+ \(was customer/);
    const stored = await findStoredUser(customer.email);
    assert.equal(stored?.role, "admin");
    assert.equal(
      await verifyPassword(stored?.passwordHash ?? "", customer.password),
      true,
    );
  });

  test("exits 2 without an email", async () => {
    const result = await runCli(["--password", strongPassword]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /--email is required/);
    assert.match(result.stderr, /Usage: npm run admin:create/);
  });

  test("exits 2 without a password", async () => {
    const email = newEmail();

    const result = await runCli(["--email", email]);

    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /--password is required when not run in a terminal/,
    );
    assert.match(result.stderr, /Usage: npm run admin:create/);
  });

  test("exits 2 for an unknown option", async () => {
    const result = await runCli(["--email", newEmail(), "--role", "admin"]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown option '--role'/);
  });

  test("exits 1 when database is locked", async (t) => {
    if (databaseUrl) {
      t.skip("only the embedded database is locked");
      return;
    }
    await withDatabase(async () => undefined);
    const release = await lockEmbeddedDatabase(path.join(dataDir, "pglite"));

    let result: CliResult;
    try {
      result = await runCli([
        "--email",
        newEmail(),
        "--password",
        strongPassword,
      ]);
    } finally {
      await release();
    }

    assert.equal(result.code, 1);
    assert.match(result.stderr, /is in use by another process/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
  });
});

describe("requireRole for admin", () => {
  test("admits the created admin, not staff", async () => {
    const email = newEmail();
    const created = await runCli([
      "--email",
      email,
      "--password",
      strongPassword,
    ]);
    assert.equal(created.code, 0, created.stderr);

    const statuses = await withDatabase(async (database) => {
      const staff = await buildUser(database.db, { role: "staff" });
      const app = await buildAuthTestApp(database, {
        addRoutes: (instance) => {
          instance.get("/test/admin-only", async (request) => {
            const admin = await requireRole(request, "admin");
            return { id: admin.id };
          });
        },
      });
      try {
        const statusFor = async (login: string, password: string) => {
          const pair = await signIn(app, { login, password });
          const response = await app.inject({
            method: "GET",
            url: "/test/admin-only",
            headers: bearer(pair.access_token),
          });
          return response.statusCode;
        };
        return {
          admin: await statusFor(email, strongPassword),
          staff: await statusFor(staff.email, staff.password),
        };
      } finally {
        await app.close();
      }
    });

    assert.equal(statuses.admin, 200);
    assert.equal(statuses.staff, 403);
  });
});
