// Product reads: the filtered, sorted and paginated list with its facets, and
// the detail of one product.
import type { Database } from "../../db/client.js";
import { AppError, notFound, type FieldError } from "../../errors.js";
import { createCategoryQueries } from "../categories/categories.queries.js";
import {
  createProductQueries,
  type CategoryRef,
  type ProductDetailRow,
  type ProductFilterValues,
  type ProductImageRow,
  type ProductSort,
  type ProductSummaryRow,
  type VariantRow,
} from "./products.queries.js";

export interface ListProductsInput {
  q?: string | undefined;
  categorySlug?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  inStock?: boolean | undefined;
  sort?: ProductSort | undefined;
  page: number;
  pageSize: number;
}

export interface FacetCount {
  slug: string;
  name: string;
  count: number;
}

export interface ProductListResult {
  count: number;
  page: number;
  pageSize: number;
  totalPages: number;
  products: ProductSummaryRow[];
  categoryFacets: FacetCount[];
  /** Counts per band of `priceBands`, in the same order. */
  priceBandCounts: number[];
}

export interface ProductDetailResult {
  product: ProductDetailRow;
  variants: VariantRow[];
  images: ProductImageRow[];
  /** Categories from the root down to the product's own; empty without one. */
  categoryPath: CategoryRef[];
}

export interface ProductService {
  listProducts(input: ListProductsInput): Promise<ProductListResult>;
  getProductOrThrow(slug: string): Promise<ProductDetailResult>;
}

function invalidQuery(fieldErrors: FieldError[]): AppError {
  const detail = fieldErrors.map((fieldError) => fieldError.message).join(" ");
  return new AppError("VALIDATION_FAILED", detail, fieldErrors);
}

/** Trims `q` and rejects text made only of spaces. */
function normaliseSearchText(q: string | undefined): string | null {
  if (q === undefined) return null;
  const trimmed = q.trim();
  if (trimmed === "") {
    throw invalidQuery([
      { field: "q", message: "q must contain a character other than a space." },
    ]);
  }
  return trimmed;
}

function assertPriceRange(input: ListProductsInput): void {
  if (input.minPrice === undefined || input.maxPrice === undefined) return;
  if (input.minPrice <= input.maxPrice) return;
  throw invalidQuery([
    {
      field: "min_price",
      message: `min_price (${input.minPrice}) must not be greater than max_price (${input.maxPrice}).`,
    },
    {
      field: "max_price",
      message: `max_price (${input.maxPrice}) must not be less than min_price (${input.minPrice}).`,
    },
  ]);
}

/** `relevance` needs search text, so without `q` it means `newest`. */
function chooseSort(input: ListProductsInput, q: string | null): ProductSort {
  const requested = input.sort ?? (q === null ? "newest" : "relevance");
  return requested === "relevance" && q === null ? "newest" : requested;
}

function assertPageExists(page: number, totalPages: number): void {
  if (page <= totalPages) return;
  const pages = totalPages === 1 ? "1 page" : `${totalPages} pages`;
  throw new AppError(
    "PAGE_NOT_FOUND",
    `Page ${page} does not exist: the results fill ${pages}.`,
  );
}

/** Creates the product read service on `db`, preparing its queries. */
export function createProductService({ db }: { db: Database }): ProductService {
  const queries = createProductQueries(db);
  const categoryQueries = createCategoryQueries(db);

  async function findFilterCategory(
    slug: string | undefined,
  ): Promise<{ id: string; path: string } | null> {
    if (slug === undefined) return null;
    const category = await queries.findFilterCategory(slug);
    if (!category) throw notFound("category", slug);
    return category;
  }

  return {
    /**
     * Lists one page of listed products matching the filters, with the
     * total count and the facet counts. Throws VALIDATION_FAILED for blank
     * search text or min_price above max_price, NOT_FOUND for an unknown
     * category and PAGE_NOT_FOUND for a page past the last.
     */
    async listProducts(input) {
      const q = normaliseSearchText(input.q);
      assertPriceRange(input);
      const category = await findFilterCategory(input.categorySlug);
      const filters: ProductFilterValues = {
        q,
        categoryPath: category?.path ?? null,
        minPrice: input.minPrice ?? null,
        maxPrice: input.maxPrice ?? null,
        inStock: input.inStock ?? null,
      };

      const { count, bandCounts } = await queries.countProducts(filters);
      const totalPages = Math.max(1, Math.ceil(count / input.pageSize));
      assertPageExists(input.page, totalPages);

      const [products, categoryFacets] = await Promise.all([
        queries.listProductPage(filters, {
          sort: chooseSort(input, q),
          limit: input.pageSize,
          offset: (input.page - 1) * input.pageSize,
        }),
        queries.listCategoryFacets(filters, category?.id ?? null),
      ]);
      return {
        count,
        page: input.page,
        pageSize: input.pageSize,
        totalPages,
        products,
        categoryFacets,
        priceBandCounts: bandCounts,
      };
    },

    /**
     * Loads a listed product with its active variants, images and category
     * chain. Throws NOT_FOUND when no listed product has the slug.
     */
    async getProductOrThrow(slug) {
      const product = await queries.findListedProduct(slug);
      if (!product) throw notFound("product", slug);

      const [variants, images, categoryPath] = await Promise.all([
        queries.listActiveVariants(product.id),
        queries.listImages(product.id),
        product.categoryPath === null
          ? Promise.resolve([])
          : categoryQueries.listCategoryChain(product.categoryPath),
      ]);
      return { product, variants, images, categoryPath };
    },
  };
}
