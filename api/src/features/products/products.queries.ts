// Product reads for the catalog. Every query is prepared once per database
// handle with placeholders, and an absent filter is passed as null: each
// filter reads `(param is null or condition)`, so one statement serves every
// combination of filters.
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Database } from "../../db/client.js";
import {
  categories,
  productImages,
  products,
  variants,
} from "../../db/schema.js";

export const productSorts = [
  "relevance",
  "newest",
  "price",
  "-price",
  "name",
] as const;

export type ProductSort = (typeof productSorts)[number];

/** Price bands of the price facet, in minor units; `max` is exclusive. */
export const priceBands: readonly { min: number; max: number | null }[] = [
  { min: 0, max: 2500 },
  { min: 2500, max: 5000 },
  { min: 5000, max: 10000 },
  { min: 10000, max: 25000 },
  { min: 25000, max: null },
];

/**
 * Lowest `word_similarity(q, name)` that counts as a match. The `<%`
 * operator compares against the session setting
 * pg_trgm.word_similarity_threshold (default 0.6), under which the typo
 * "hoddie" (0.4 against "Hoodie") finds nothing, so the query compares the
 * function to this constant. The trigram index cannot serve that form.
 * NOTE: with a catalog far above about 100k products, set the session
 * threshold instead and use `<%`, which the trigram index serves.
 */
export const nameSimilarityThreshold = 0.4;

/** Filters of the product list; null means the filter is off. */
export interface ProductFilterValues {
  q: string | null;
  /** Path of the category whose subtree is listed. */
  categoryPath: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean | null;
}

export interface CategoryRef {
  slug: string;
  name: string;
}

export interface ProductSummaryRow {
  id: string;
  slug: string;
  name: string;
  brand: string | null;
  priceMin: number;
  priceMax: number;
  currency: string;
  createdAt: Date;
  categorySlug: string | null;
  categoryName: string | null;
  imageUrl: string | null;
  imageAlt: string | null;
  inStock: boolean;
}

export interface CategoryFacetRow extends CategoryRef {
  count: number;
}

export interface ProductDetailRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string | null;
  tags: string[];
  priceMin: number;
  priceMax: number;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
  categorySlug: string | null;
  categoryName: string | null;
  categoryPath: string | null;
}

export interface VariantRow {
  id: string;
  sku: string;
  options: Record<string, string>;
  price: number;
  currency: string;
  stockOnHand: number;
}

export interface ProductImageRow {
  url: string;
  alt: string;
}

export interface ProductQueries {
  findFilterCategory(
    slug: string,
  ): Promise<{ id: string; path: string } | undefined>;
  listProductPage(
    filters: ProductFilterValues,
    page: { sort: ProductSort; limit: number; offset: number },
  ): Promise<ProductSummaryRow[]>;
  /** Returns the matching count and the per-band counts, in band order. */
  countProducts(
    filters: ProductFilterValues,
  ): Promise<{ count: number; bandCounts: number[] }>;
  /** Counts per child of `parentId`, or per root category when it is null. */
  listCategoryFacets(
    filters: ProductFilterValues,
    parentId: string | null,
  ): Promise<CategoryFacetRow[]>;
  findListedProduct(slug: string): Promise<ProductDetailRow | undefined>;
  listActiveVariants(productId: string): Promise<VariantRow[]>;
  listImages(productId: string): Promise<ProductImageRow[]>;
}

/** Escapes the LIKE wildcards `%`, `_` and the escape character itself. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A product is listed when it is active and has an active variant. */
export const isListedProduct: SQL = sql`(${products.isActive} and exists (
  select 1 from ${variants}
  where ${variants.productId} = ${products.id} and ${variants.isActive}))`;

/** True when an active variant of the product has stock on hand. */
const hasStock = sql<boolean>`exists (
  select 1 from ${variants}
  where ${variants.productId} = ${products.id}
    and ${variants.isActive} and ${variants.stockOnHand} > 0)`;

const param = {
  q: sql`${sql.placeholder("q")}::text`,
  categoryPath: sql`${sql.placeholder("categoryPath")}::text`,
  categoryPattern: sql`${sql.placeholder("categoryPattern")}::text`,
  minPrice: sql`${sql.placeholder("minPrice")}::int`,
  maxPrice: sql`${sql.placeholder("maxPrice")}::int`,
  inStock: sql`${sql.placeholder("inStock")}::boolean`,
};

const searchQuery = sql`websearch_to_tsquery('english', ${param.q})`;

const filters = {
  search: sql`(${param.q} is null
    or ${products.searchVector} @@ ${searchQuery}
    or word_similarity(${param.q}, ${products.name}) >= ${sql.raw(String(nameSimilarityThreshold))})`,
  category: sql`(${param.categoryPath} is null or ${products.categoryId} in (
    select filter_category.id from ${categories} as filter_category
    where filter_category.path = ${param.categoryPath}
      or filter_category.path like ${param.categoryPattern}))`,
  price: sql`((${param.minPrice} is null or ${products.priceMin} >= ${param.minPrice})
    and (${param.maxPrice} is null or ${products.priceMin} <= ${param.maxPrice}))`,
  inStock: sql`(${param.inStock} is null or ${hasStock} = ${param.inStock})`,
};

const relevance = sql`ts_rank_cd(${products.searchVector}, ${searchQuery})
  + word_similarity(${param.q}, ${products.name})`;

/** Orderings end with the id, so equal keys still sort the same way. */
const orderings: Record<ProductSort, SQL[]> = {
  relevance: [desc(relevance), desc(products.createdAt), asc(products.id)],
  newest: [desc(products.createdAt), desc(products.id)],
  price: [asc(products.priceMin), asc(products.id)],
  "-price": [desc(products.priceMin), asc(products.id)],
  name: [asc(products.name), asc(products.id)],
};

/** Returns the placeholder values of the filters and the LIKE pattern. */
function filterParams(values: ProductFilterValues): Record<string, unknown> {
  return {
    ...values,
    categoryPattern:
      values.categoryPath === null
        ? null
        : `${escapeLikePattern(values.categoryPath)}/%`,
  };
}

/**
 * Selects `column` of the product's first image. A subquery in the select
 * list runs only for the rows of the page, after the sort and limit, where a
 * lateral join would run for every matching product.
 */
function firstImageColumn(column: "url" | "alt"): SQL<string | null> {
  return sql<string | null>`(
    select ${sql.identifier(column)} from ${productImages}
    where ${productImages.productId} = ${products.id}
    order by ${productImages.position}, ${productImages.id}
    limit 1)`;
}

function prepareProductPage(db: Database, sort: ProductSort) {
  return db
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      brand: products.brand,
      priceMin: products.priceMin,
      priceMax: products.priceMax,
      currency: products.currency,
      createdAt: products.createdAt,
      categorySlug: categories.slug,
      categoryName: categories.name,
      imageUrl: firstImageColumn("url"),
      imageAlt: firstImageColumn("alt"),
      inStock: hasStock,
    })
    .from(products)
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .where(
      and(
        isListedProduct,
        filters.search,
        filters.category,
        filters.price,
        filters.inStock,
      ),
    )
    .orderBy(...orderings[sort])
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare(`catalog_product_page_${sort.replace("-", "desc_")}`);
}

/**
 * Prepares one row of counts computed without the price filter. `count`
 * applies the price filter as well, and each band column counts one band.
 */
function prepareCountAndPriceBands(db: Database) {
  const bandCounts: Record<string, SQL<number>> = {};
  priceBands.forEach((band, index) => {
    const upper =
      band.max === null ? sql`` : sql` and ${products.priceMin} < ${band.max}`;
    bandCounts[`band${index}`] = sql<number>`(count(*) filter (
      where ${products.priceMin} >= ${band.min}${upper}))::int`;
  });
  return db
    .select({
      count: sql<number>`(count(*) filter (where ${filters.price}))::int`,
      ...bandCounts,
    })
    .from(products)
    .where(
      and(isListedProduct, filters.search, filters.category, filters.inStock),
    )
    .prepare("catalog_product_count_and_price_bands");
}

/**
 * Prepares the counts of matching products per facet category, without the
 * category filter. The facet categories are the children of `parentId`, or
 * the roots when it is null. A product counts in the facet category that
 * contains its own.
 */
function prepareCategoryFacets(db: Database) {
  const facetCategory = alias(categories, "facet_category");
  return db
    .select({
      slug: facetCategory.slug,
      name: facetCategory.name,
      count: sql<number>`count(*)::int`,
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(
      facetCategory,
      sql`${facetCategory.parentId} is not distinct from ${sql.placeholder("parentId")}::uuid
        and (${categories.path} = ${facetCategory.path}
          or starts_with(${categories.path}, ${facetCategory.path} || '/'))`,
    )
    .where(and(isListedProduct, filters.search, filters.price, filters.inStock))
    .groupBy(
      facetCategory.id,
      facetCategory.slug,
      facetCategory.name,
      facetCategory.position,
    )
    .orderBy(
      asc(facetCategory.position),
      asc(facetCategory.name),
      asc(facetCategory.id),
    )
    .prepare("catalog_product_category_facets");
}

function prepareFilterCategory(db: Database) {
  return db
    .select({ id: categories.id, path: categories.path })
    .from(categories)
    .where(eq(categories.slug, sql.placeholder("slug")))
    .limit(1)
    .prepare("catalog_filter_category_by_slug");
}

function prepareListedProductBySlug(db: Database) {
  return db
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      description: products.description,
      brand: products.brand,
      tags: products.tags,
      priceMin: products.priceMin,
      priceMax: products.priceMax,
      currency: products.currency,
      createdAt: products.createdAt,
      updatedAt: products.updatedAt,
      categorySlug: categories.slug,
      categoryName: categories.name,
      categoryPath: categories.path,
    })
    .from(products)
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.slug, sql.placeholder("slug")), isListedProduct))
    .limit(1)
    .prepare("catalog_listed_product_by_slug");
}

function prepareActiveVariants(db: Database) {
  return db
    .select({
      id: variants.id,
      sku: variants.sku,
      options: variants.options,
      price: variants.price,
      currency: variants.currency,
      stockOnHand: variants.stockOnHand,
    })
    .from(variants)
    .where(
      and(
        eq(variants.productId, sql.placeholder("productId")),
        eq(variants.isActive, true),
      ),
    )
    .orderBy(asc(variants.position), asc(variants.id))
    .prepare("catalog_active_variants");
}

function prepareProductImages(db: Database) {
  return db
    .select({ url: productImages.url, alt: productImages.alt })
    .from(productImages)
    .where(eq(productImages.productId, sql.placeholder("productId")))
    .orderBy(asc(productImages.position), asc(productImages.id))
    .prepare("catalog_product_images");
}

/** Prepares the product reads on `db`; call once per database handle. */
export function createProductQueries(db: Database): ProductQueries {
  const pages = new Map(
    productSorts.map((sort) => [sort, prepareProductPage(db, sort)]),
  );
  const countAndPriceBands = prepareCountAndPriceBands(db);
  const categoryFacets = prepareCategoryFacets(db);
  const filterCategory = prepareFilterCategory(db);
  const productBySlug = prepareListedProductBySlug(db);
  const activeVariants = prepareActiveVariants(db);
  const images = prepareProductImages(db);

  return {
    async findFilterCategory(slug) {
      const [row] = await filterCategory.execute({ slug });
      return row;
    },

    listProductPage(values, page) {
      const statement = pages.get(page.sort)!;
      return statement.execute({
        ...filterParams(values),
        limit: page.limit,
        offset: page.offset,
      });
    },

    async countProducts(values) {
      const [row] = await countAndPriceBands.execute(filterParams(values));
      const counts = row as Record<string, number> | undefined;
      return {
        count: counts?.count ?? 0,
        bandCounts: priceBands.map((_, index) => counts?.[`band${index}`] ?? 0),
      };
    },

    listCategoryFacets(values, parentId) {
      return categoryFacets.execute({ ...filterParams(values), parentId });
    },

    async findListedProduct(slug) {
      const [row] = await productBySlug.execute({ slug });
      return row;
    },

    listActiveVariants(productId) {
      return activeVariants.execute({ productId });
    },

    listImages(productId) {
      return images.execute({ productId });
    },
  };
}
