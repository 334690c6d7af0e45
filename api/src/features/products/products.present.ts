// Maps product rows to the API's snake_case responses.
import sanitizeHtml from "sanitize-html";

import {
  priceBands,
  type CategoryRef,
  type ProductSummaryRow,
  type VariantRow,
} from "./products.queries.js";
import type {
  ProductDetail,
  ProductList,
  ProductListQuery,
  ProductSummary,
} from "./products.schemas.js";
import type {
  ProductDetailResult,
  ProductListResult,
} from "./products.service.js";

const descriptionTags = ["p", "br", "ul", "ol", "li", "strong", "em", "b", "i"];

/**
 * Keeps only the allowed tags, without attributes. Catalog writes store
 * sanitised HTML already; this second pass keeps the contract true for rows
 * written by any other path.
 */
export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: descriptionTags,
    allowedAttributes: {},
  });
}

function presentCategoryRef(
  slug: string | null,
  name: string | null,
): CategoryRef | null {
  if (slug === null || name === null) return null;
  return { slug, name };
}

export function presentProductSummary(row: ProductSummaryRow): ProductSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    brand: row.brand,
    category: presentCategoryRef(row.categorySlug, row.categoryName),
    price_min: row.priceMin,
    price_max: row.priceMax,
    currency: row.currency,
    in_stock: row.inStock,
    image:
      row.imageUrl === null
        ? null
        : { url: row.imageUrl, alt: row.imageAlt ?? "" },
    created_at: row.createdAt.toISOString(),
  };
}

/** Query parameters carried into page links, in this order. */
const linkedParameters = [
  "q",
  "category",
  "min_price",
  "max_price",
  "in_stock",
  "sort",
] as const;

/**
 * Builds the relative reference to `page` of the same list. `page` and a
 * non-default `page_size` go last; page 1 has no `page` parameter.
 */
export function buildPageLink(
  basePath: string,
  query: ProductListQuery,
  page: number,
): string {
  const parameters = new URLSearchParams();
  for (const name of linkedParameters) {
    const value = query[name];
    if (value !== undefined) parameters.set(name, String(value));
  }
  if (query.page_size !== 20) {
    parameters.set("page_size", String(query.page_size));
  }
  if (page > 1) parameters.set("page", String(page));
  const search = parameters.toString();
  return search === "" ? basePath : `${basePath}?${search}`;
}

export function presentProductList(
  result: ProductListResult,
  link: { basePath: string; query: ProductListQuery },
): ProductList {
  const { page, totalPages } = result;
  return {
    count: result.count,
    page,
    page_size: result.pageSize,
    total_pages: totalPages,
    next:
      page < totalPages
        ? buildPageLink(link.basePath, link.query, page + 1)
        : null,
    previous:
      page > 1 ? buildPageLink(link.basePath, link.query, page - 1) : null,
    results: result.products.map(presentProductSummary),
    facets: {
      categories: result.categoryFacets,
      price_ranges: priceBands.map((band, index) => ({
        min: band.min,
        max: band.max,
        count: result.priceBandCounts[index] ?? 0,
      })),
    },
  };
}

/**
 * Collects option names in first-seen order over the variants, each with its
 * values in first-seen order. Within one variant the names follow jsonb's
 * key order (shorter keys first), because jsonb does not keep insertion
 * order.
 */
export function collectOptions(
  variants: readonly Pick<VariantRow, "options">[],
): { name: string; values: string[] }[] {
  const valuesByName = new Map<string, string[]>();
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.options)) {
      const values = valuesByName.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      valuesByName.set(name, values);
    }
  }
  return [...valuesByName].map(([name, values]) => ({ name, values }));
}

export function presentProductDetail(
  detail: ProductDetailResult,
): ProductDetail {
  const { product, variants } = detail;
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: sanitizeDescription(product.description),
    brand: product.brand,
    tags: product.tags,
    category: presentCategoryRef(product.categorySlug, product.categoryName),
    category_path: detail.categoryPath.map(({ slug, name }) => ({
      slug,
      name,
    })),
    price_min: product.priceMin,
    price_max: product.priceMax,
    currency: product.currency,
    in_stock: variants.some((variant) => variant.stockOnHand > 0),
    images: detail.images.map(({ url, alt }) => ({ url, alt })),
    options: collectOptions(variants),
    variants: variants.map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      options: variant.options,
      price: variant.price,
      currency: variant.currency,
      stock_on_hand: variant.stockOnHand,
      in_stock: variant.stockOnHand > 0,
    })),
    created_at: product.createdAt.toISOString(),
    updated_at: product.updatedAt.toISOString(),
  };
}
