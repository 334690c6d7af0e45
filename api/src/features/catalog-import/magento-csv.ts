// Reads the two product CSV layouts of Magento 2 sample data and exports:
//
// - the import/export layout (`configurable_products.csv`): a `product_type`
//   column, configurable parents that list their variants in
//   `configurable_variations`, and simple rows for the variants;
// - the older fixture layout (`products_gear_*.csv`): a `category` column
//   and one simple product per row.
//
// The data is transformed on import: variants become options of their parent
// product, names and descriptions are cleaned, and prices become minor units.
// Image paths such as `/m/h/mh01-black_main.jpg` name files that are not
// shipped with the data, so only absolute http(s) image URLs are kept.
import { CatalogFileError } from "./catalog-file-error.js";
import { readCsvTable, type CsvRecord } from "./csv-records.js";
import {
  describeNulField,
  parseStock,
  SkuRegistry,
  slugify,
  type ImportProduct,
  type ImportVariant,
  type ParsedCatalog,
  type RejectedRow,
} from "./import-record.js";
import { parseDecimalPrice } from "./money.js";
import { htmlToPlainText, sanitizeDescription } from "./sanitize.js";

/**
 * Parses a Magento product CSV, detecting its layout from the header.
 * Throws CatalogFileError when the CSV is malformed or the header matches
 * neither layout.
 */
export function parseMagentoCsv(content: Buffer): ParsedCatalog {
  const { header, records } = readCsvTable(content);
  const columns = new Set(header);
  const hasColumns = (...names: string[]): boolean =>
    names.every((name) => columns.has(name));

  if (hasColumns("sku", "product_type", "name", "price")) {
    return parseExportLayout(records);
  }
  if (hasColumns("sku", "category", "name", "price")) {
    return parseFixtureLayout(records);
  }
  throw new CatalogFileError(
    "unrecognised CSV header: expected the columns sku, name, price and " +
      "either product_type (Magento export) or category (Magento fixture)",
  );
}

function parseExportLayout(records: CsvRecord[]): ParsedCatalog {
  const rejected: RejectedRow[] = [];
  const rowsBySku = claimSkus(records, rejected);
  const parentOf = new Map<string, CsvRecord>();
  const products: ImportProduct[] = [];

  for (const record of rowsBySku.values()) {
    const type = record.fields.product_type?.trim() ?? "";
    if (type === "configurable") {
      const product = readConfigurable(record, rowsBySku, parentOf, rejected);
      if (product) products.push(product);
    }
  }
  for (const record of rowsBySku.values()) {
    const type = record.fields.product_type?.trim() ?? "";
    const sku = record.fields.sku?.trim() ?? "";
    if (type === "configurable" || parentOf.has(sku)) continue;
    if (type !== "simple" && type !== "virtual") {
      rejected.push({
        line: record.line,
        reason: `product type "${type}" is not supported: use simple or configurable`,
      });
      continue;
    }
    const product = readSimpleRow(record, rejected, {
      categoryPaths: readExportCategories(record.fields.categories ?? ""),
    });
    if (product) products.push(product);
  }

  products.sort((first, second) => first.line - second.line);
  rejected.sort((first, second) => first.line - second.line);
  return { products, rejected };
}

function parseFixtureLayout(records: CsvRecord[]): ParsedCatalog {
  const rejected: RejectedRow[] = [];
  const products: ImportProduct[] = [];
  for (const record of claimSkus(records, rejected).values()) {
    const product = readSimpleRow(record, rejected, {
      categoryPaths: readFixtureCategories(record.fields.category ?? ""),
    });
    if (product) products.push(product);
  }
  rejected.sort((first, second) => first.line - second.line);
  return { products, rejected };
}

/** Indexes records by SKU in file order, rejecting missing and repeated SKUs. */
function claimSkus(
  records: CsvRecord[],
  rejected: RejectedRow[],
): Map<string, CsvRecord> {
  const registry = new SkuRegistry();
  const rowsBySku = new Map<string, CsvRecord>();
  for (const record of records) {
    const sku = record.fields.sku?.trim() ?? "";
    if (sku === "") {
      rejected.push({ line: record.line, reason: "missing SKU" });
      continue;
    }
    const duplicate = registry.claim(sku, record.line);
    if (duplicate) {
      rejected.push({ line: record.line, reason: duplicate });
      continue;
    }
    rowsBySku.set(sku, record);
  }
  return rowsBySku;
}

function readConfigurable(
  record: CsvRecord,
  rowsBySku: Map<string, CsvRecord>,
  parentOf: Map<string, CsvRecord>,
  rejected: RejectedRow[],
): ImportProduct | undefined {
  const fields = record.fields;
  const sku = fields.sku?.trim() ?? "";
  const base = readProductFields(record, rejected);
  if (!base) return undefined;

  const variations = parseVariations(fields.configurable_variations ?? "");
  const variants: ImportVariant[] = [];
  for (const variation of variations) {
    const row = rowsBySku.get(variation.sku);
    const owner = parentOf.get(variation.sku);
    if (owner) {
      rejected.push({
        line: row?.line ?? record.line,
        reason: `variant SKU "${variation.sku}" already belongs to the configurable product on line ${owner.line}`,
      });
      continue;
    }
    if (!row) {
      rejected.push({
        line: record.line,
        reason: `variant SKU "${variation.sku}" of "${sku}" has no row in the file`,
      });
      continue;
    }
    parentOf.set(variation.sku, record);
    const variant = readVariantRow(row, variation.options, fields.price ?? "");
    if ("reason" in variant) {
      rejected.push({ line: row.line, reason: variant.reason });
    } else {
      variants.push(variant);
    }
  }

  if (variants.length === 0) {
    rejected.push({
      line: record.line,
      reason: `configurable product "${sku}" has no valid variants`,
    });
    return undefined;
  }
  const categoryPaths = readExportCategories(fields.categories ?? "");
  return { ...base, ...pickCategory(categoryPaths), variants };
}

interface Variation {
  sku: string;
  /** Option name to value, in the order the parent lists them. */
  options: Record<string, string>;
}

/** Parses `sku=MH01-XS-Black,size=XS,color=Black|sku=...`. */
function parseVariations(text: string): Variation[] {
  const variations: Variation[] = [];
  for (const entry of text.split("|")) {
    const pairs = parseAttributePairs(entry);
    const sku = pairs.get("sku");
    if (!sku) continue;
    pairs.delete("sku");
    variations.push({ sku, options: Object.fromEntries(pairs) });
  }
  return variations;
}

/** Parses `has_options=0,size=XS,color=Black` into an ordered map. */
function parseAttributePairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const pair of text.split(",")) {
    const separator = pair.indexOf("=");
    if (separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    pairs.set(name, pair.slice(separator + 1).trim());
  }
  return pairs;
}

/**
 * Reads one variant row of a configurable product. Option names are the
 * Magento attribute codes that the parent lists (`size`, `color`), kept in
 * lower case. Option values come from the row's `additional_attributes`, or
 * from the parent's list when the row lacks them.
 */
function readVariantRow(
  row: CsvRecord,
  listedOptions: Record<string, string>,
  parentPrice: string,
): ImportVariant | { reason: string } {
  const nulColumn = findNulColumn(row);
  if (nulColumn !== undefined) return { reason: describeNulField(nulColumn) };
  const attributes = parseAttributePairs(
    row.fields.additional_attributes ?? "",
  );
  const options: Record<string, string> = {};
  for (const [name, listedValue] of Object.entries(listedOptions)) {
    const value = attributes.get(name) || listedValue;
    if (!value) return { reason: `missing value for option "${name}"` };
    options[name] = value;
  }
  const priceText = row.fields.price?.trim() || parentPrice;
  const price = parseDecimalPrice(priceText);
  if (!price.ok) return { reason: price.reason };
  const stock = parseStock(row.fields.qty, 0);
  if (!stock.ok) return { reason: stock.reason };
  return {
    line: row.line,
    sku: row.fields.sku?.trim() ?? "",
    price: price.minorUnits,
    stockOnHand: stock.stockOnHand,
    options,
  };
}

function readSimpleRow(
  record: CsvRecord,
  rejected: RejectedRow[],
  options: { categoryPaths: string[][] },
): ImportProduct | undefined {
  const base = readProductFields(record, rejected);
  if (!base) return undefined;
  const variant = readVariantRow(record, {}, "");
  if ("reason" in variant) {
    rejected.push({ line: record.line, reason: variant.reason });
    return undefined;
  }
  return {
    ...base,
    ...pickCategory(options.categoryPaths),
    variants: [variant],
  };
}

type ProductFields = Omit<
  ImportProduct,
  "variants" | "categoryPath" | "otherCategoryPaths"
>;

function readProductFields(
  record: CsvRecord,
  rejected: RejectedRow[],
): ProductFields | undefined {
  const fields = record.fields;
  const nulColumn = findNulColumn(record);
  if (nulColumn !== undefined) {
    rejected.push({ line: record.line, reason: describeNulField(nulColumn) });
    return undefined;
  }
  const name = htmlToPlainText(fields.name ?? "");
  if (name === "") {
    rejected.push({ line: record.line, reason: "missing name" });
    return undefined;
  }
  const urlKey = slugify(fields.url_key ?? "");
  const image = fields.base_image?.trim() ?? "";
  return {
    line: record.line,
    name,
    slug: urlKey === "" ? undefined : urlKey,
    description: sanitizeDescription(fields.description ?? ""),
    brand: null,
    tags: [],
    imageUrls: /^https?:\/\//i.test(image) ? [image] : [],
  };
}

/**
 * Returns the first column whose field contains U+0000, checking every
 * column because a NUL byte marks a damaged row even where it is unused.
 */
function findNulColumn(record: CsvRecord): string | undefined {
  return Object.keys(record.fields).find((column) =>
    record.fields[column]?.includes("\0"),
  );
}

/**
 * Reads `Default Category/Men/Tops,Default Category`: comma-separated paths
 * whose first level is the store's root category, which is dropped.
 */
function readExportCategories(text: string): string[][] {
  return text
    .split(",")
    .map((path) =>
      path
        .split("/")
        .map((name) => name.trim())
        .filter((name) => name !== "")
        .slice(1),
    )
    .filter((path) => path.length > 0);
}

/**
 * Reads the fixture layout's `category` field, which has one category name
 * per line. In these files the names come in parent-child pairs (`Gear`,
 * `Bags`, then `Collections`, `Erin Recommends`), so the lines are read two
 * at a time as two-level paths.
 * NOTE: a file that writes one deeper path per field (`Gear`, `Bags`,
 * `Backpacks`) is misread by this rule; the sample files have none.
 */
function readFixtureCategories(text: string): string[][] {
  const names = text
    .split(/\r?\n/)
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const paths: string[][] = [];
  for (let index = 0; index < names.length; index += 2) {
    paths.push(names.slice(index, index + 2));
  }
  return paths;
}

/**
 * Chooses the product's category among the listed paths: the deepest, and
 * the first listed among equally deep ones. Every path is kept so that the
 * import creates it in the tree.
 */
function pickCategory(
  paths: string[][],
): Pick<ImportProduct, "categoryPath" | "otherCategoryPaths"> {
  let chosen: string[] | null = null;
  for (const path of paths) {
    if (!chosen || path.length > chosen.length) chosen = path;
  }
  return {
    categoryPath: chosen,
    otherCategoryPaths: paths.filter((path) => path !== chosen),
  };
}
