// The query string of the category and search pages: parsed and checked by the
// web before any API call, so a bad value gets a message next to its field,
// and written back into links that keep every other parameter.
import type { FieldError } from "../../errors.js";
import {
  formatMajorUnits,
  maxPriceMinor,
  parseMajorUnits,
} from "../../money.js";
import type { ProductListQuery } from "../../api/catalog.js";

export type SortKey = "relevance" | "newest" | "price" | "-price" | "name";

export const sortKeys: readonly SortKey[] = [
  "relevance",
  "newest",
  "price",
  "-price",
  "name",
];

/** Products per page on the category and search pages. */
export const productsPerPage = 24;

/** Maximum length of search text, as the API accepts it. */
export const maxSearchLength = 200;

/** The same 1-based page bound keeps page numbers safe integers in URLs. */
const maxPage = 100_000;

export interface CatalogFilters {
  /** Trimmed search text; undefined on category pages and for a blank box. */
  q: string | undefined;
  /** Category slug chosen on the search page (category pages use the path). */
  category: string | undefined;
  minPriceMinor: number | undefined;
  maxPriceMinor: number | undefined;
  inStock: boolean;
  /** Undefined means the default order: relevance with q, else newest. */
  sort: SortKey | undefined;
  page: number;
}

/** The query fields as the user typed them, to refill the filter form. */
export type FilterValues = Record<string, string>;

export type CatalogQueryResult =
  | { ok: true; filters: CatalogFilters; values: FilterValues }
  | { ok: false; fieldErrors: FieldError[]; values: FilterValues };

type RawQuery = Record<string, unknown>;

/** Reads one query field; a repeated field counts by its first value. */
function readField(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === "string" ? first : undefined;
}

const priceLabels = {
  min_price: "Minimum price",
  max_price: "Maximum price",
} as const;

function parsePriceField(
  query: RawQuery,
  field: keyof typeof priceLabels,
  currency: string,
  fieldErrors: FieldError[],
): number | undefined {
  const text = readField(query, field)?.trim();
  if (text === undefined || text === "") return undefined;
  const result = parseMajorUnits(text, currency);
  if (result.ok) return result.amountMinor;
  const label = priceLabels[field];
  const message =
    result.reason === "too-large"
      ? `${label} must be at most ${formatMajorUnits(maxPriceMinor, currency)}`
      : `${label} must be a number such as 10 or 10.50`;
  fieldErrors.push({ field, message });
  return undefined;
}

function parseInStock(query: RawQuery, fieldErrors: FieldError[]): boolean {
  const text = readField(query, "in_stock");
  if (text === undefined || text === "" || text === "0") return false;
  if (["1", "true", "on"].includes(text)) return true;
  fieldErrors.push({
    field: "in_stock",
    message: "In stock only must be ticked or left empty",
  });
  return false;
}

function parseSort(
  query: RawQuery,
  q: string | undefined,
  fieldErrors: FieldError[],
): SortKey | undefined {
  const text = readField(query, "sort");
  if (text === undefined || text === "") return undefined;
  if (!sortKeys.includes(text as SortKey)) {
    fieldErrors.push({
      field: "sort",
      message: "Sort order must be one of the choices in the list",
    });
    return undefined;
  }
  const sort = text as SortKey;
  // Without search text the API orders "relevance" by newest, the default.
  if (sort === defaultSort(q) || (q === undefined && sort === "relevance")) {
    return undefined;
  }
  return sort;
}

function parsePage(query: RawQuery, fieldErrors: FieldError[]): number {
  const text = readField(query, "page");
  if (text === undefined || text === "") return 1;
  const page = /^\d{1,6}$/.test(text) ? Number(text) : 0;
  if (page < 1 || page > maxPage) {
    fieldErrors.push({
      field: "page",
      message: `Page must be a whole number from 1 to ${maxPage}`,
    });
    return 1;
  }
  return page;
}

function parseSearchText(
  query: RawQuery,
  fieldErrors: FieldError[],
): string | undefined {
  const q = readField(query, "q")?.trim();
  if (q === undefined || q === "") return undefined;
  if (q.length > maxSearchLength) {
    fieldErrors.push({
      field: "q",
      message: `Search text must be at most ${maxSearchLength} characters`,
    });
    return undefined;
  }
  return q;
}

/** Returns the order the API applies when no sort is given. */
export function defaultSort(q: string | undefined): SortKey {
  return q === undefined ? "newest" : "relevance";
}

/**
 * Parses the filter, sort and page fields of a category or search page.
 * Returns every invalid field with a message that explains the fix.
 */
export function parseCatalogQuery(
  query: RawQuery,
  options: { currency: string },
): CatalogQueryResult {
  const fieldErrors: FieldError[] = [];
  const values: FilterValues = {};
  for (const field of ["q", "min_price", "max_price", "in_stock", "sort"]) {
    const value = readField(query, field);
    if (value !== undefined) values[field] = value;
  }

  const q = parseSearchText(query, fieldErrors);
  const category = readField(query, "category")?.trim() || undefined;
  const minPriceMinor = parsePriceField(
    query,
    "min_price",
    options.currency,
    fieldErrors,
  );
  const maxPriceMinor = parsePriceField(
    query,
    "max_price",
    options.currency,
    fieldErrors,
  );
  if (
    minPriceMinor !== undefined &&
    maxPriceMinor !== undefined &&
    minPriceMinor > maxPriceMinor
  ) {
    fieldErrors.push({
      field: "min_price",
      message: "Minimum price must not be more than the maximum price",
    });
  }
  const inStock = parseInStock(query, fieldErrors);
  const sort = parseSort(query, q, fieldErrors);
  const page = parsePage(query, fieldErrors);

  if (fieldErrors.length > 0) return { ok: false, fieldErrors, values };
  const filters = { q, category, minPriceMinor, maxPriceMinor, inStock, sort };
  return { ok: true, filters: { ...filters, page }, values };
}

/** Maps the filters to the API's `GET /products` query. */
export function toProductListQuery(
  filters: CatalogFilters,
  category: string | undefined,
): ProductListQuery {
  const query: ProductListQuery = {
    page: filters.page,
    page_size: productsPerPage,
  };
  if (filters.q !== undefined) query.q = filters.q;
  if (category !== undefined) query.category = category;
  if (filters.minPriceMinor !== undefined) {
    query.min_price = filters.minPriceMinor;
  }
  if (filters.maxPriceMinor !== undefined) {
    query.max_price = filters.maxPriceMinor;
  }
  if (filters.inStock) query.in_stock = true;
  if (filters.sort !== undefined) query.sort = filters.sort;
  return query;
}

/**
 * Writes the filters back as form values: prices in major units as a shopper
 * would type them.
 */
export function toFilterValues(
  filters: CatalogFilters,
  currency: string,
): FilterValues {
  const values: FilterValues = {};
  if (filters.q !== undefined) values.q = filters.q;
  if (filters.minPriceMinor !== undefined) {
    values.min_price = formatMajorUnits(filters.minPriceMinor, currency);
  }
  if (filters.maxPriceMinor !== undefined) {
    values.max_price = formatMajorUnits(filters.maxPriceMinor, currency);
  }
  if (filters.inStock) values.in_stock = "1";
  if (filters.sort !== undefined) values.sort = filters.sort;
  return values;
}

/**
 * Builds the URL of `path` with `filters`, changed by `changes`. Fields at
 * their default are left out, so equal filters give equal URLs.
 */
export function buildCatalogUrl(
  path: string,
  filters: CatalogFilters,
  currency: string,
  changes: Partial<CatalogFilters> = {},
): string {
  const merged = { ...filters, ...changes };
  const values = toFilterValues(merged, currency);
  const params = new URLSearchParams();
  if (values.q !== undefined) params.set("q", values.q);
  if (merged.category !== undefined) params.set("category", merged.category);
  for (const field of ["min_price", "max_price", "in_stock", "sort"]) {
    const value = values[field];
    if (value !== undefined) params.set(field, value);
  }
  if (merged.page > 1) params.set("page", String(merged.page));
  const search = params.toString();
  return search === "" ? path : `${path}?${search}`;
}
