// The web reaches data only through the API over HTTP: no file under web/
// may import a database driver, the ORM or any of the API's code.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const webRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
);
const apiRoot = path.resolve(webRoot, "../api");

const forbiddenPackages = [
  "drizzle-orm",
  "pg",
  "@electric-sql/pglite",
  "postgres",
  "@bazaar/api",
];

const sourceExtensions = new Set([
  ".ts",
  ".mts",
  ".cts",
  ".js",
  ".mjs",
  ".cjs",
]);

/** Static imports, re-exports, dynamic imports and require calls. */
const importPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** Returns every module specifier `source` imports. */
export function findImports(source: string): string[] {
  return [...source.matchAll(importPattern)].map((match) => match[1] ?? "");
}

function isForbidden(specifier: string, file: string): boolean {
  const isPackage = forbiddenPackages.some(
    (name) => specifier === name || specifier.startsWith(`${name}/`),
  );
  if (isPackage) return true;
  if (!specifier.startsWith(".")) return false;
  const resolved = path.resolve(path.dirname(file), specifier);
  return resolved === apiRoot || resolved.startsWith(`${apiRoot}${path.sep}`);
}

/** Lists "file: import" for each forbidden import in `source`. */
export function findForbiddenImports(file: string, source: string): string[] {
  return findImports(source)
    .filter((specifier) => isForbidden(specifier, file))
    .map((specifier) => `${path.relative(webRoot, file)}: ${specifier}`);
}

function listSourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.split(path.sep).includes("node_modules"))
    .filter((file) => sourceExtensions.has(path.extname(file)));
}

/**
 * Quotes a specifier at run time, so the samples below are not imports in
 * this file's own text, which the first test scans too.
 */
function quote(specifier: string): string {
  return `"${specifier}"`;
}

describe("web architecture", () => {
  test("imports nothing from the database or the API", () => {
    const files = listSourceFiles(webRoot);

    const violations = files.flatMap((file) =>
      findForbiddenImports(file, readFileSync(file, "utf8")),
    );

    assert.ok(files.length > 10, `only ${files.length} files scanned`);
    assert.deepEqual(violations, []);
  });

  test("detects each kind of forbidden import", () => {
    const file = path.join(webRoot, "src/pages/example.ts");
    const source = [
      `import { eq } from ${quote("drizzle-orm")};`,
      `import { pgTable } from ${quote("drizzle-orm/pg-core")};`,
      `import pg from ${quote("pg")};`,
      `const { PGlite } = await import(${quote("@electric-sql/pglite")});`,
      `const sql = require(${quote("postgres")});`,
      `export { buildApp } from ${quote("../../../api/src/app.js")};`,
      `import type { ApiConfig } from ${quote("@bazaar/api/config")};`,
    ].join("\n");

    const violations = findForbiddenImports(file, source);

    assert.deepEqual(violations, [
      "src/pages/example.ts: drizzle-orm",
      "src/pages/example.ts: drizzle-orm/pg-core",
      "src/pages/example.ts: pg",
      "src/pages/example.ts: @electric-sql/pglite",
      "src/pages/example.ts: postgres",
      "src/pages/example.ts: ../../../api/src/app.js",
      "src/pages/example.ts: @bazaar/api/config",
    ]);
  });

  test("allows web-local and similar names", () => {
    const file = path.join(webRoot, "src/pages/example.ts");
    const source = [
      'import { readApiData } from "../api/client.js";',
      'import pgFormat from "pg-format";',
      'import "./api/schema.js";',
    ].join("\n");

    assert.deepEqual(findForbiddenImports(file, source), []);
  });
});
