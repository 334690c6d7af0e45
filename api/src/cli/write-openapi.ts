// Writes the OpenAPI document of the API to api/openapi.json. The app is built
// on a database handle that cannot connect, because generating the document
// reads only the route schemas and runs no query.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { drizzle } from "drizzle-orm/node-postgres";

import { buildApp } from "../app.js";
import { parseApiConfig } from "../config.js";
import type { Database, DatabaseHandle } from "../db/client.js";
import * as schema from "../db/schema.js";

/** Path of the committed contract file. */
export const openApiPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../openapi.json",
);

function buildOfflineDatabaseHandle(): DatabaseHandle {
  const unavailable = (): Promise<never> =>
    Promise.reject(new Error("The OpenAPI generator has no database."));
  return {
    db: drizzle.mock({ schema }) as unknown as Database,
    mode: "postgres",
    migrate: unavailable,
    ping: unavailable,
    close: () => Promise.resolve(),
  };
}

/**
 * Builds the OpenAPI document from the route schemas and returns it as the
 * text of api/openapi.json: 2-space indentation and a trailing newline.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const app = await buildApp({
    config: parseApiConfig({ NODE_ENV: "test", CATALOG_CACHE_TTL_MS: "0" }),
    database: buildOfflineDatabaseHandle(),
    logger: false,
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  await writeFile(openApiPath, await renderOpenApiDocument());
  process.stdout.write(`Wrote ${openApiPath}\n`);
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  await main();
}
