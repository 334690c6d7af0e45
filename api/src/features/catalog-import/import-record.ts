// The format-neutral shape of an import: every file reader turns its rows
// into these records, and the import service writes only these.

/** One variant of an imported product; the SKU is its key in the catalog. */
export interface ImportVariant {
  /** The file line the variant came from, for messages. */
  line: number;
  sku: string;
  /** Minor units of the shop's currency. */
  price: number;
  stockOnHand: number;
  /** Option name to value, for example `{ size: "M", color: "Blue" }`. */
  options: Record<string, string>;
}

/** One product read from a file, already validated and sanitised. */
export interface ImportProduct {
  /** The file line where the product's row or JSON array element starts. */
  line: number;
  name: string;
  /** Preferred slug for a new product; taken from the name when absent. */
  slug?: string | undefined;
  /** Sanitised HTML. */
  description: string;
  brand: string | null;
  tags: string[];
  /** The product's category as a chain of names or slugs from the root. */
  categoryPath: string[] | null;
  /** Further category paths the file lists, created in the tree as well. */
  otherCategoryPaths: string[][];
  imageUrls: string[];
  variants: ImportVariant[];
}

/** A row that was not imported, with its file line and the reason. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** The output of a file reader: the valid products and the rejected rows. */
export interface ParsedCatalog {
  products: ImportProduct[];
  rejected: RejectedRow[];
}

/**
 * Turns a name into a URL slug: lower case ASCII letters, digits and single
 * hyphens (`Hoodies & Sweatshirts` becomes `hoodies-sweatshirts`).
 */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** True when `text` is already written as a slug (`kitchen-accessories`). */
export function isSlug(text: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(text);
}

/** Turns a slug into a display name: `kitchen-accessories` → `Kitchen Accessories`. */
export function humanizeSlug(slug: string): string {
  return slug
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/**
 * Returns the rejection reason for a field that contains U+0000 (NUL), which
 * PostgreSQL cannot store in text or jsonb columns.
 */
export function describeNulField(field: string): string {
  return `${field} contains a NUL character`;
}

/**
 * Reads a stock value: a whole number from 0 up, or `fallback` when empty.
 * Returns the reason when the value is invalid.
 */
export function parseStock(
  value: unknown,
  fallback: number,
): { ok: true; stockOnHand: number } | { ok: false; reason: string } {
  if (value === undefined || value === null || value === "") {
    return { ok: true, stockOnHand: fallback };
  }
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^-?\d+(\.0+)?$/.test(text.trim())) {
    return {
      ok: false,
      reason: `invalid stock ${JSON.stringify(value)}: write a whole number from 0 up`,
    };
  }
  const stockOnHand = Number(text.trim());
  if (stockOnHand < 0) {
    return { ok: false, reason: `negative stock ${stockOnHand}` };
  }
  if (stockOnHand > 2_147_483_647) {
    return {
      ok: false,
      reason: `invalid stock ${stockOnHand}: it is too large`,
    };
  }
  return { ok: true, stockOnHand };
}

/**
 * Tracks the SKUs seen in one file, so that a second row with the same SKU is
 * rejected with the line of the first.
 */
export class SkuRegistry {
  private readonly firstLines = new Map<string, number>();

  /** Records `sku` at `line`; returns the rejection reason when it repeats. */
  claim(sku: string, line: number): string | undefined {
    const firstLine = this.firstLines.get(sku);
    if (firstLine !== undefined) {
      return `duplicate SKU "${sku}": already used on line ${firstLine}`;
    }
    this.firstLines.set(sku, line);
    return undefined;
  }
}
