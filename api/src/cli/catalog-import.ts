// `npm run catalog:import -- FILE...`: imports product files into the
// catalog. Exit status: 0 when every file was read (rejected rows are
// reported, not fatal), 1 when a file cannot be read or parsed or the
// database cannot be opened, 2 for invalid arguments.
import { existsSync, statSync } from "node:fs";
import path from "node:path";

import cliProgress from "cli-progress";
import { DrizzleQueryError } from "drizzle-orm";

import { loadApiConfig } from "../config.js";
import { openDatabase, type DatabaseHandle } from "../db/client.js";
import { EmbeddedDatabaseLockedError } from "../db/lock.js";
import {
  catalogFileFormats,
  readCatalogFile,
} from "../features/catalog-import/catalog-file.js";
import { CatalogFileError } from "../features/catalog-import/catalog-file-error.js";
import {
  importCatalog,
  type CatalogImportSummary,
} from "../features/catalog-import/catalog-import.service.js";
import { describeDatabaseError } from "../features/catalog-import/database-error.js";

const usage = `Usage: npm run catalog:import -- FILE...

Imports products from each FILE into the catalog. A product is matched by its
variants' SKUs: new SKUs create products, known ones update them, and a file
imported twice changes nothing the second time. Invalid rows are listed with
their line and skipped; the other rows are imported.

Formats, chosen by file extension:
${Object.entries(catalogFileFormats)
  .map(([extension, format]) => `  ${extension.padEnd(6)} ${format}`)
  .join("\n")}

Environment:
  DATABASE_URL     PostgreSQL server to import into; when unset, the embedded
                   database in BAZAAR_DATA_DIR/pglite, which the running shop
                   must not have open
  BAZAAR_DATA_DIR  data folder of the embedded database (default .data)
  SHOP_CURRENCY    ISO 4217 code of the prices in the files (default USD)

Exit status: 0 when every file was read, 1 when a file or the database
failed, 2 for invalid arguments.
`;

class UsageError extends Error {}

interface CatalogFileArgument {
  /** Absolute path of the file. */
  file: string;
  /** The path as the user wrote it, used in messages. */
  label: string;
}

/**
 * Resolves the file arguments against the folder the command was started
 * from. npm runs a script in the folder of its package.json and passes the
 * caller's folder in INIT_CWD. A nested `npm run` replaces INIT_CWD with its
 * own folder, so the root package.json runs this file directly.
 */
function resolveFiles(args: string[]): CatalogFileArgument[] {
  const unknownOption = args.find((arg) => arg.startsWith("-"));
  if (unknownOption) throw new UsageError(`unknown option ${unknownOption}`);
  if (args.length === 0) throw new UsageError("no file given");
  const baseDir = process.env.INIT_CWD || process.cwd();
  return args.map((arg) => {
    const file = path.resolve(baseDir, arg);
    if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
    if (!statSync(file).isFile()) throw new UsageError(`not a file: ${file}`);
    return { file, label: arg };
  });
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(usage);
    return 0;
  }
  let files: CatalogFileArgument[];
  try {
    files = resolveFiles(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `catalog:import: ${error.message}\nRun with --help for usage.\n`,
    );
    return 2;
  }

  const config = loadApiConfig();
  let database: DatabaseHandle;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      embeddedDir: path.join(config.dataDir, "pglite"),
    });
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseLockedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }

  try {
    await database.migrate();
    let failedFiles = 0;
    for (const file of files) {
      const isRead = await importFile(database, file, config.currency);
      if (!isRead) failedFiles += 1;
    }
    return failedFiles > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

/** Imports one file and prints its summary; returns false when unreadable. */
async function importFile(
  database: DatabaseHandle,
  { file, label }: CatalogFileArgument,
  currency: string,
): Promise<boolean> {
  let catalog;
  try {
    catalog = await readCatalogFile(file);
  } catch (error) {
    if (!(error instanceof CatalogFileError) && !isFileSystemError(error)) {
      throw error;
    }
    process.stderr.write(`${label}: ${(error as Error).message}\n`);
    return false;
  }

  const progress = createProgressReporter(label);
  let summary: CatalogImportSummary;
  try {
    summary = await importCatalog(database.db, catalog, {
      currency,
      onProgress: progress.update,
    });
  } catch (error) {
    if (!(error instanceof DrizzleQueryError)) throw error;
    process.stderr.write(
      `${label}: import failed: ${describeDatabaseError(error)}\n`,
    );
    return false;
  } finally {
    progress.stop();
  }
  printSummary(label, summary);
  return true;
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && "code" in error && "syscall" in error;
}

function printSummary(label: string, summary: CatalogImportSummary): void {
  const lines = [
    `${label}: ${summary.created} created, ${summary.updated} updated, ` +
      `${summary.unchanged} unchanged, ${summary.rejected.length} rejected; ` +
      `${summary.categoriesCreated} categories created`,
    ...summary.rejected.map((row) => `${label}:${row.line}: ${row.reason}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

interface ProgressReporter {
  update: (done: number, total: number) => void;
  stop: () => void;
}

/**
 * Shows progress on stderr: a live bar on a terminal, otherwise one line
 * each time another tenth of the products is done, with the percentage
 * rounded to a whole number.
 */
function createProgressReporter(label: string): ProgressReporter {
  const startedAt = Date.now();
  const ratePerSecond = (done: number): string => {
    const seconds = (Date.now() - startedAt) / 1000;
    return seconds > 0 ? (done / seconds).toFixed(0) : "0";
  };

  const secondsLeft = (done: number, total: number): string => {
    if (done === 0) return "?";
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    return ((elapsedSeconds / done) * (total - done)).toFixed(0);
  };

  if (!process.stderr.isTTY) {
    let lastTenth = -1;
    return {
      update(done, total) {
        const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        const percent = total === 0 ? 100 : Math.round((done / total) * 100);
        process.stderr.write(
          `${label}: ${done}/${total} products (${percent} %), ` +
            `${ratePerSecond(done)}/s, ${secondsLeft(done, total)} s left\n`,
        );
      },
      stop() {},
    };
  }

  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} products | {rate}/s | {eta_formatted} left`,
      etaBuffer: 5,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let isStarted = false;
  return {
    update(done, total) {
      if (!isStarted) {
        bar.start(total, done, { rate: "0" });
        isStarted = true;
      }
      bar.update(done, { rate: ratePerSecond(done) });
    },
    stop() {
      if (isStarted) bar.stop();
    },
  };
}

process.exitCode = await main(process.argv.slice(2));
