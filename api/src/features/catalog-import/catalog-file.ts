import { readFile } from "node:fs/promises";
import path from "node:path";

import { CatalogFileError } from "./catalog-file-error.js";
import type { ParsedCatalog } from "./import-record.js";
import { parseJsonProductFile } from "./json-products.js";
import { parseMagentoCsv } from "./magento-csv.js";

/** The file extensions the importer reads, with the format of each. */
export const catalogFileFormats = {
  ".csv": "Magento 2 product CSV (export or sample-data fixture layout)",
  ".json": "JSON array of products (the DummyJSON products layout)",
} as const;

/**
 * Reads and validates the catalog file at `filePath`, choosing the format by
 * its extension. Throws CatalogFileError for an unknown extension or a file
 * that cannot be parsed, and the file system's error when it cannot be read.
 */
export async function readCatalogFile(
  filePath: string,
): Promise<ParsedCatalog> {
  const extension = path.extname(filePath).toLowerCase();
  if (extension === ".csv") {
    return parseMagentoCsv(await readFile(filePath));
  }
  if (extension === ".json") {
    return parseJsonProductFile(await readFile(filePath, "utf8"));
  }
  throw new CatalogFileError(
    `unsupported file type "${extension || "(none)"}": use a .csv or .json file`,
  );
}
