// Reads the JSON product format: one array of product objects, the layout of
// the DummyJSON products file. Fields:
//
//   sku          required string, the key of the product's single variant
//   title        required string, the product name
//   price        required decimal number or string in major units (12.5)
//   stock        whole number from 0, default 0
//   description  plain text or HTML, sanitised on import
//   category     a slug or name, or a path of them such as "Home/Kitchen"
//   brand        string
//   tags         array of strings
//   images       array of absolute http(s) URLs or /media/ paths
//   thumbnail    an image URL, used only when `images` is empty
//   variants     optional array of { sku, price, stock, options } for a
//                product with several variants; `options` maps option
//                names to values ({ "size": "M" }). With `variants`, the
//                top-level sku, price and stock are ignored.
//
// Other fields (rating, reviews, dimensions...) are ignored. A rejected entry
// is reported by the file line where its value starts.
import { CatalogFileError } from "./catalog-file-error.js";
import {
  describeNulField,
  parseStock,
  SkuRegistry,
  type ImportProduct,
  type ImportVariant,
  type ParsedCatalog,
  type RejectedRow,
} from "./import-record.js";
import { findArrayElementLines } from "./json-element-lines.js";
import { parseJsonPrice } from "./money.js";
import { htmlToPlainText, sanitizeDescription } from "./sanitize.js";

/** One entry of the JSON product format, as written in the file. */
export interface JsonProductEntry {
  sku?: string;
  title: string;
  price?: number | string;
  stock?: number;
  description?: string;
  category?: string;
  brand?: string;
  tags?: string[];
  images?: string[];
  thumbnail?: string;
  variants?: JsonVariantEntry[];
}

export interface JsonVariantEntry {
  sku: string;
  price: number | string;
  stock?: number;
  options?: Record<string, string>;
}

/**
 * Parses the text of a JSON product file.
 * Throws CatalogFileError when the text is not JSON or not an array.
 */
export function parseJsonProductFile(text: string): ParsedCatalog {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (error) {
    throw new CatalogFileError(`invalid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(entries)) {
    throw new CatalogFileError(
      "invalid product file: the JSON must be an array of product objects",
    );
  }
  return parseJsonProducts(entries, { lines: findArrayElementLines(text) });
}

/**
 * Validates product entries of the JSON format, one rejection per bad entry.
 * `lines` contains the file line of each entry; without it an entry's line is
 * its array index + 1.
 */
export function parseJsonProducts(
  entries: readonly unknown[],
  options: { lines?: readonly number[] } = {},
): ParsedCatalog {
  const registry = new SkuRegistry();
  const products: ImportProduct[] = [];
  const rejected: RejectedRow[] = [];
  entries.forEach((entry, index) => {
    const line = options.lines?.[index] ?? index + 1;
    const result = readEntry(entry, line, registry);
    if ("reason" in result) {
      rejected.push({ line, reason: result.reason });
    } else {
      products.push(result);
    }
  });
  return { products, rejected };
}

type Failure = { reason: string };

function readEntry(
  entry: unknown,
  line: number,
  registry: SkuRegistry,
): ImportProduct | Failure {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    return { reason: "entry is not an object" };
  }
  const fields = entry as Record<string, unknown>;
  const nulField = findNulField(fields);
  if (nulField !== undefined) return { reason: describeNulField(nulField) };

  const name =
    typeof fields.title === "string" ? htmlToPlainText(fields.title) : "";
  if (name === "") return { reason: "missing title" };
  const variants = readVariants(fields, line, registry);
  if ("reason" in variants) return variants;
  const tags = readStringArray(fields.tags, "tags");
  if ("reason" in tags) return tags;
  const imageUrls = readImages(fields);
  if ("reason" in imageUrls) return imageUrls;

  return {
    line,
    name,
    description:
      typeof fields.description === "string"
        ? sanitizeDescription(fields.description)
        : "",
    brand: readOptionalText(fields.brand),
    tags: tags.values.map((tag) => tag.trim()).filter((tag) => tag !== ""),
    categoryPath: readCategoryPath(fields.category),
    otherCategoryPaths: [],
    imageUrls: imageUrls.values,
    variants: variants.values,
  };
}

/** The fields the importer reads; NUL characters elsewhere do no harm. */
const importedFields = [
  "sku",
  "title",
  "price",
  "stock",
  "description",
  "category",
  "brand",
  "tags",
  "images",
  "thumbnail",
  "variants",
] as const;

/**
 * Returns the path of the first imported text that contains U+0000, such
 * as `title` or `variants[1].options.size`, or undefined when none does.
 */
function findNulField(fields: Record<string, unknown>): string | undefined {
  for (const name of importedFields) {
    const path = findNulInValue(fields[name], name);
    if (path !== undefined) return path;
  }
  return undefined;
}

function findNulInValue(value: unknown, path: string): string | undefined {
  if (typeof value === "string") {
    return value.includes("\0") ? path : undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const isArray = Array.isArray(value);
  for (const [key, item] of Object.entries(value)) {
    // A NUL in an option name is reported on the object that contains it.
    if (key.includes("\0")) return path;
    const itemPath = isArray ? `${path}[${key}]` : `${path}.${key}`;
    const found = findNulInValue(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

function readVariants(
  fields: Record<string, unknown>,
  line: number,
  registry: SkuRegistry,
): { values: ImportVariant[] } | Failure {
  if (fields.variants === undefined) {
    const variant = readVariant(fields, line, registry);
    return "reason" in variant ? variant : { values: [variant] };
  }
  if (!Array.isArray(fields.variants) || fields.variants.length === 0) {
    return { reason: "variants must be a non-empty array" };
  }
  const values: ImportVariant[] = [];
  for (const entry of fields.variants as unknown[]) {
    if (typeof entry !== "object" || entry === null) {
      return { reason: "each variant must be an object" };
    }
    const variant = readVariant(
      entry as Record<string, unknown>,
      line,
      registry,
    );
    if ("reason" in variant) return variant;
    values.push(variant);
  }
  return { values };
}

function readVariant(
  fields: Record<string, unknown>,
  line: number,
  registry: SkuRegistry,
): ImportVariant | Failure {
  const sku = typeof fields.sku === "string" ? fields.sku.trim() : "";
  if (sku === "") return { reason: "missing SKU" };
  const duplicate = registry.claim(sku, line);
  if (duplicate) return { reason: duplicate };
  const price = parseJsonPrice(fields.price);
  if (!price.ok) return { reason: price.reason };
  const stock = parseStock(fields.stock, 0);
  if (!stock.ok) return { reason: stock.reason };
  const options = readOptions(fields.options);
  if ("reason" in options) return options;
  return {
    line,
    sku,
    price: price.minorUnits,
    stockOnHand: stock.stockOnHand,
    options: options.values,
  };
}

function readOptions(
  value: unknown,
): { values: Record<string, string> } | Failure {
  if (value === undefined || value === null) return { values: {} };
  if (typeof value !== "object" || Array.isArray(value)) {
    return { reason: "options must be an object of option names to values" };
  }
  const values: Record<string, string> = {};
  for (const [name, optionValue] of Object.entries(value)) {
    if (typeof optionValue !== "string" || optionValue.trim() === "") {
      return { reason: `option "${name}" must have a text value` };
    }
    values[name.trim()] = optionValue.trim();
  }
  return { values };
}

function readStringArray(
  value: unknown,
  field: string,
): { values: string[] } | Failure {
  if (value === undefined || value === null) return { values: [] };
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === "string")
  ) {
    return { reason: `${field} must be an array of strings` };
  }
  return { values: value };
}

function readImages(
  fields: Record<string, unknown>,
): { values: string[] } | Failure {
  const images = readStringArray(fields.images, "images");
  if ("reason" in images) return images;
  let urls = images.values.map((url) => url.trim()).filter((url) => url !== "");
  if (urls.length === 0 && typeof fields.thumbnail === "string") {
    urls = [fields.thumbnail.trim()].filter((url) => url !== "");
  }
  const invalid = urls.find((url) => !isImageUrl(url));
  if (invalid !== undefined) {
    return {
      reason: `invalid image URL "${invalid}": use an absolute http(s) URL or a /media/ path`,
    };
  }
  return { values: urls };
}

function isImageUrl(url: string): boolean {
  if (url.startsWith("/media/")) return !url.includes("..");
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}

function readOptionalText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = htmlToPlainText(value);
  return text === "" ? null : text;
}

function readCategoryPath(value: unknown): string[] | null {
  if (typeof value !== "string") return null;
  const path = value
    .split("/")
    .map((segment) => segment.trim())
    .filter((segment) => segment !== "");
  return path.length > 0 ? path : null;
}
