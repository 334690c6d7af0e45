// `npm run db:setup`: migrates the database and, when the catalog is empty,
// loads the demo catalog. `--no-demo` only migrates (`npm run db:migrate`).
// Exit status: 0 on success, 1 when the database cannot be opened, 2 for
// invalid arguments.
import path from "node:path";

import { loadApiConfig, repositoryRoot, type ApiConfig } from "../config.js";
import {
  describeConnectionError,
  openDatabase,
  type DatabaseHandle,
} from "../db/client.js";
import { EmbeddedDatabaseLockedError } from "../db/lock.js";
import { countCatalog } from "../features/demo-catalog/demo-catalog.queries.js";
import { loadDemoCatalog } from "../features/demo-catalog/demo-catalog.service.js";

const usage = `Usage: npm run db:setup [-- --no-demo]

Applies every database migration not applied yet. When the catalog has no
products, it then loads the demo catalog, unless --no-demo is given.

Environment:
  DATABASE_URL     PostgreSQL server to set up; when unset, the embedded
                   database in BAZAAR_DATA_DIR/pglite, which the running shop
                   must not have open
  BAZAAR_DATA_DIR  data folder of the embedded database (default .data)
  SHOP_CURRENCY    ISO 4217 code given to the demo prices (default USD)
`;

/** Names the database for messages, without any password in the URL. */
function describeDatabase(config: ApiConfig, embeddedDir: string): string {
  if (!config.databaseUrl) {
    const relative = path.relative(repositoryRoot, embeddedDir);
    const isInside = relative !== "" && !relative.startsWith("..");
    return `embedded, ${isInside ? relative : embeddedDir}`;
  }
  const url = new URL(config.databaseUrl);
  return `PostgreSQL, ${url.host}${url.pathname}`;
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(usage);
    return 0;
  }
  const unknown = args.find((arg) => arg !== "--no-demo");
  if (unknown !== undefined) {
    process.stderr.write(
      `db:setup: unknown argument ${unknown}\nRun with --help for usage.\n`,
    );
    return 2;
  }

  const config = loadApiConfig();
  const embeddedDir = path.join(config.dataDir, "pglite");
  let database: DatabaseHandle;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      embeddedDir,
    });
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseLockedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }

  try {
    await database.migrate();
    process.stdout.write(
      `database migrated (${describeDatabase(config, embeddedDir)})\n`,
    );
    if (args.includes("--no-demo")) return 0;
    await loadDemoWhenEmpty(database, config.currency);
    return 0;
  } catch (error) {
    const explanation = describeConnectionError(error);
    if (!explanation) throw error;
    process.stderr.write(`${explanation}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

async function loadDemoWhenEmpty(
  database: DatabaseHandle,
  currency: string,
): Promise<void> {
  const before = await countCatalog(database.db);
  if (before.products > 0) {
    process.stdout.write(
      `demo catalog not loaded: the catalog already has ${before.products} products\n`,
    );
    return;
  }
  const summary = await loadDemoCatalog(database.db, { currency });
  const after = await countCatalog(database.db);
  process.stdout.write(
    `demo catalog loaded: ${after.products} products, ${after.variants} variants\n`,
  );
  for (const row of summary.rejected) {
    process.stderr.write(`demo catalog entry ${row.line}: ${row.reason}\n`);
  }
}

process.exitCode = await main(process.argv.slice(2));
