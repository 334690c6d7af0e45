// View models shared by the category and search pages: pagination links,
// facet links and sort choices, each link keeping the other parameters.
import type { ProductList } from "../../api/catalog.js";
import { formatMoney } from "../../money.js";
import {
  buildCatalogUrl,
  type CatalogFilters,
  type SortKey,
} from "./catalog-query.js";

export type PaginationItem =
  | { kind: "page"; number: number; url: string; isCurrent: boolean }
  | { kind: "gap" };

export interface Pagination {
  previousUrl: string | undefined;
  nextUrl: string | undefined;
  items: PaginationItem[];
}

/** Page numbers shown either side of the current page. */
const paginationRadius = 2;

/**
 * Builds previous/next links and page numbers: the first and last pages, the
 * pages near the current one, and a gap wherever numbers are skipped.
 */
export function buildPagination(
  page: number,
  totalPages: number,
  urlForPage: (page: number) => string,
): Pagination {
  const pagesShown = new Set<number>([1, totalPages]);
  const first = Math.max(1, page - paginationRadius);
  const last = Math.min(totalPages, page + paginationRadius);
  for (let number = first; number <= last; number += 1) pagesShown.add(number);

  const items: PaginationItem[] = [];
  let previous = 0;
  for (const number of [...pagesShown].sort((a, b) => a - b)) {
    if (number < 1) continue;
    if (number > previous + 1) items.push({ kind: "gap" });
    items.push({
      kind: "page",
      number,
      url: urlForPage(number),
      isCurrent: number === page,
    });
    previous = number;
  }
  return {
    previousUrl: page > 1 ? urlForPage(page - 1) : undefined,
    nextUrl: page < totalPages ? urlForPage(page + 1) : undefined,
    items,
  };
}

export interface FacetLink {
  label: string;
  count: number;
  url: string;
  isCurrent: boolean;
}

type PriceRange = ProductList["facets"]["price_ranges"][number];

/** Names a price band: "Under $25", "$25 to $50" or "$250 and over". */
export function describePriceRange(
  range: PriceRange,
  currency: string,
): string {
  const format = (amountMinor: number): string =>
    formatMoney(amountMinor, currency).replace(/\.0+$/, "");
  if (range.max === null) return `${format(range.min)} and over`;
  if (range.min === 0) return `Under ${format(range.max)}`;
  return `${format(range.min)} to ${format(range.max)}`;
}

/**
 * Builds one link per price band. A band's upper bound is exclusive and the
 * max_price filter inclusive, so a link's maximum is one minor unit less.
 */
export function buildPriceRangeLinks(
  ranges: readonly PriceRange[],
  path: string,
  filters: CatalogFilters,
  currency: string,
): FacetLink[] {
  return ranges.map((range) => {
    const minPriceMinor = range.min > 0 ? range.min : undefined;
    const maxPriceMinor = range.max === null ? undefined : range.max - 1;
    return {
      label: describePriceRange(range, currency),
      count: range.count,
      url: buildCatalogUrl(path, filters, currency, {
        minPriceMinor,
        maxPriceMinor,
        page: 1,
      }),
      isCurrent:
        filters.minPriceMinor === minPriceMinor &&
        filters.maxPriceMinor === maxPriceMinor,
    };
  });
}

export interface SortChoice {
  value: string;
  label: string;
  isSelected: boolean;
}

const sortLabels: Record<SortKey, string> = {
  relevance: "Best match",
  newest: "Newest",
  price: "Price: low to high",
  "-price": "Price: high to low",
  name: "Name: A to Z",
};

/**
 * Lists the sort orders for the select box; "Best match" only on search
 * results. `selected` is the order in effect, including the default.
 */
export function buildSortChoices(
  selected: string,
  options: { isSearch: boolean },
): SortChoice[] {
  const keys = Object.keys(sortLabels) as SortKey[];
  return keys
    .filter((key) => options.isSearch || key !== "relevance")
    .map((key) => ({
      value: key,
      label: sortLabels[key],
      isSelected: key === selected,
    }));
}

/** Describes the result count: "1 product" or "Showing 25-48 of 60 products". */
export function describeResultCount(list: ProductList): string {
  const noun = list.count === 1 ? "product" : "products";
  if (list.total_pages <= 1) return `${list.count} ${noun}`;
  const first = (list.page - 1) * list.page_size + 1;
  const last = first + list.results.length - 1;
  return `Showing ${first}–${last} of ${list.count} ${noun}`;
}
