// Runs the test suite with Node's test runner. Node 20 neither expands globs
// nor finds .ts files by itself, so this script lists the files and fails
// when it finds none.
//
// Without options every test file runs against the embedded database; when
// TEST_DATABASE_URL is set, the API's database tests then run a second time
// against that PostgreSQL server. `--postgres` runs only that second pass and
// fails when TEST_DATABASE_URL is missing. `--e2e` runs only the browser
// journeys under e2e/, which need Debian's chromium; the other passes leave
// them out.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const skippedFolders = new Set(["node_modules", ".data", ".git"]);

function findTestFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (skippedFolders.has(entry.name)) continue;
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...findTestFiles(entryPath));
    else if (entry.name.endsWith(".test.ts")) files.push(entryPath);
  }
  return files.sort();
}

function runTests(
  label: string,
  files: string[],
  environment: NodeJS.ProcessEnv,
): boolean {
  if (files.length === 0) {
    process.stderr.write(`No test files found for the ${label} pass.\n`);
    return false;
  }
  process.stdout.write(`\n# ${label}: ${files.length} test files\n`);
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=2",
      ...files.map((file) => path.relative(root, file)),
    ],
    { cwd: root, stdio: "inherit", env: environment },
  );
  return result.status === 0;
}

const onlyPostgres = process.argv.includes("--postgres");
if (process.argv.includes("--e2e")) {
  const embeddedEnvironment = { ...process.env, TEST_DATABASE_URL: "" };
  const isPassing = runTests(
    "browser journeys (Chromium)",
    findTestFiles(path.join(root, "e2e")),
    embeddedEnvironment,
  );
  process.exit(isPassing ? 0 : 1);
}
const databaseUrl = process.env.TEST_DATABASE_URL;
const apiFiles = findTestFiles(path.join(root, "api"));
const allFiles = [
  ...apiFiles,
  ...findTestFiles(path.join(root, "web")),
  ...findTestFiles(path.join(root, "scripts")),
];

let isPassing = true;
if (!onlyPostgres) {
  const embeddedEnvironment = { ...process.env, TEST_DATABASE_URL: "" };
  isPassing = runTests(
    "embedded database (PGlite)",
    allFiles,
    embeddedEnvironment,
  );
}
if (databaseUrl) {
  const postgresEnvironment = {
    ...process.env,
    TEST_DATABASE_URL: databaseUrl,
  };
  isPassing =
    runTests(
      `PostgreSQL at ${new URL(databaseUrl).host}`,
      apiFiles,
      postgresEnvironment,
    ) && isPassing;
} else if (onlyPostgres) {
  process.stderr.write(
    "TEST_DATABASE_URL is not set: give the URL of a PostgreSQL server whose user may create databases, " +
      "for example TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres\n",
  );
  isPassing = false;
} else {
  process.stdout.write(
    "\n# PostgreSQL pass skipped: set TEST_DATABASE_URL to run the database tests on a server too.\n",
  );
}
process.exit(isPassing ? 0 : 1);
