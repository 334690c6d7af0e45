// Reads a CSV file into header and records, each with the file line where
// it starts. Fields may hold quoted line breaks, so a record's line is found
// from the parser's byte offsets, not by counting records.
import { CsvError, parse } from "csv-parse/sync";

import { CatalogFileError } from "./catalog-file-error.js";

/** One CSV record as column name to field, with its starting line. */
export interface CsvRecord {
  line: number;
  fields: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

interface ParsedRow {
  record: string[];
  info: { bytes: number };
}

/**
 * Parses `content` as RFC 4180 CSV with a header row.
 * Throws CatalogFileError when the CSV is malformed or has no header.
 */
export function readCsvTable(content: Buffer): CsvTable {
  let rows: ParsedRow[];
  try {
    rows = parse(content, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRow[];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new CatalogFileError(`invalid CSV: ${error.message}`);
    }
    throw error;
  }
  const headerRow = rows[0];
  if (!headerRow) throw new CatalogFileError("the CSV file is empty");
  const header = headerRow.record.map((name) => name.trim());

  const lines = new LineLocator(content);
  const records: CsvRecord[] = [];
  let previousEnd = headerRow.info.bytes;
  for (const row of rows.slice(1)) {
    const fields: Record<string, string> = {};
    header.forEach((name, index) => {
      fields[name] = row.record[index] ?? "";
    });
    records.push({ line: lines.lineOfRecordAfter(previousEnd), fields });
    previousEnd = row.info.bytes;
  }
  return { header, records };
}

/** Maps byte offsets of a file to 1-based line numbers. */
class LineLocator {
  private offset = 0;
  private line = 1;

  constructor(private readonly content: Buffer) {}

  /**
   * Returns the line of the first byte after `offset` that is not a line
   * break, which is where the next record starts. Offsets must not decrease
   * between calls.
   */
  lineOfRecordAfter(offset: number): number {
    let start = offset;
    while (start < this.content.length) {
      const byte = this.content[start];
      if (byte !== 0x0a && byte !== 0x0d) break;
      start += 1;
    }
    for (; this.offset < start; this.offset += 1) {
      if (this.content[this.offset] === 0x0a) this.line += 1;
    }
    return this.line;
  }
}
