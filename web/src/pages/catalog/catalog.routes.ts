// The storefront's catalog pages: home, category, search and product. Each
// handler checks its query, loads the category navigation and the page's data
// from the API in parallel, and renders one template.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { CategoryNode, ProductList } from "../../api/catalog.js";
import { PageError, type FilterFormContext } from "../../errors.js";
import type { FormState } from "../account/forms.js";
import {
  buildLayoutContext,
  categoryUrl,
  type LayoutOptions,
} from "../layout.js";
import {
  buildCatalogUrl,
  defaultSort,
  parseCatalogQuery,
  toFilterValues,
  toProductListQuery,
  type CatalogFilters,
} from "./catalog-query.js";
import {
  buildPagination,
  buildPriceRangeLinks,
  buildSortChoices,
  describeResultCount,
  type FacetLink,
} from "./catalog-view.js";
import { buildProductContext } from "./product-context.js";

type RawQuery = Record<string, unknown>;

/** Products in each list on the home page. */
const homeNewestCount = 8;
const homeInStockCount = 4;

interface ListingPage {
  /** The page's path without a query, such as `/c/shoes` or `/search`. */
  path: string;
  isSearch: boolean;
}

/**
 * Parses the filters of a listing page.
 * Throws PageError BAD_REQUEST with the form to show again when one is bad.
 */
function requireFilters(
  query: RawQuery,
  page: ListingPage,
  currency: string,
): CatalogFilters {
  const parsed = parseCatalogQuery(query, { currency });
  if (parsed.ok) return parsed.filters;

  const hiddenFields: Record<string, string> = {};
  const q = parsed.values.q?.trim();
  const category = typeof query.category === "string" ? query.category : "";
  if (page.isSearch && q) hiddenFields.q = q;
  if (page.isSearch && category) hiddenFields.category = category;
  const back = new URLSearchParams(hiddenFields).toString();
  const form: FilterFormContext = {
    action: page.path,
    values: parsed.values,
    hiddenFields,
    backUrl: back === "" ? page.path : `${page.path}?${back}`,
    isSearch: page.isSearch,
    sortChoices: buildSortChoices(
      parsed.values.sort ?? defaultSort(q || undefined),
      { isSearch: page.isSearch },
    ),
  };
  throw new PageError("BAD_REQUEST", "Some filter values are not valid.", {
    fieldErrors: parsed.fieldErrors,
    form,
  });
}

/** Builds the parts the category and search pages share. */
function buildListingContext(
  page: ListingPage,
  filters: CatalogFilters,
  list: ProductList,
  currency: string,
  categoryFacetUrl: (slug: string) => string,
): Record<string, unknown> {
  const urlWith = (changes: Partial<CatalogFilters>): string =>
    buildCatalogUrl(page.path, filters, currency, changes);
  const categoryFacets: FacetLink[] = list.facets.categories.map((facet) => ({
    label: facet.name,
    count: facet.count,
    url: categoryFacetUrl(facet.slug),
    isCurrent: facet.slug === filters.category,
  }));
  const hiddenFields: Record<string, string> = {};
  if (filters.q !== undefined) hiddenFields.q = filters.q;
  if (filters.category !== undefined) hiddenFields.category = filters.category;

  return {
    products: list.results,
    resultCount: describeResultCount(list),
    pagination: buildPagination(list.page, list.total_pages, (number) =>
      urlWith({ page: number }),
    ),
    categoryFacets,
    priceRanges: buildPriceRangeLinks(
      list.facets.price_ranges,
      page.path,
      filters,
      currency,
    ),
    anyPriceUrl: urlWith({
      minPriceMinor: undefined,
      maxPriceMinor: undefined,
      page: 1,
    }),
    form: {
      action: page.path,
      values: toFilterValues(filters, currency),
      hiddenFields,
      backUrl: buildCatalogUrl(page.path, filters, currency, {
        minPriceMinor: undefined,
        maxPriceMinor: undefined,
        inStock: false,
        sort: undefined,
        page: 1,
      }),
      isSearch: page.isSearch,
      sortChoices: buildSortChoices(filters.sort ?? defaultSort(filters.q), {
        isSearch: page.isSearch,
      }),
    } satisfies FilterFormContext,
  };
}

function findRootSlug(
  categories: readonly CategoryNode[],
  ancestors: readonly { slug: string }[],
  slug: string,
): string {
  return (
    ancestors[0]?.slug ?? categories.find((c) => c.slug === slug)?.slug ?? slug
  );
}

export interface ProductPageOptions {
  slug: string;
  /** The variant choice, as the page's query names it. */
  query: RawQuery;
  /** The add-to-cart form to show again with its errors. */
  addToCartForm?: FormState;
  status?: number;
}

/**
 * Renders the product page, with the add-to-cart form and its CSRF token.
 * The cart routes call it too, to show a refused form beside the product.
 */
export async function renderProductPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ProductPageOptions,
): Promise<string> {
  const [categories, product] = await Promise.all([
    app.catalog.listCategories(request.id),
    app.catalog.getProduct(request.id, options.slug),
  ]);
  const context = buildProductContext(
    product,
    options.query,
    options.addToCartForm,
  );
  reply.code(options.status ?? 200);
  return reply.viewAsync("catalog/product.njk", {
    ...buildLayoutContext(categories, {
      activeCategorySlug: product.category_path[0]?.slug,
    }),
    ...context,
    csrfToken: reply.generateCsrf(),
  });
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function catalogRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { catalog } = app;
  const currency = app.config.currency;

  async function render(
    reply: FastifyReply,
    template: string,
    categories: readonly CategoryNode[],
    layout: LayoutOptions,
    context: object,
  ): Promise<string> {
    return reply.viewAsync(template, {
      ...buildLayoutContext(categories, layout),
      ...context,
    });
  }

  app.get("/", async (request, reply) => {
    const [categories, newest, inStock] = await Promise.all([
      catalog.listCategories(request.id),
      catalog.listProducts(request.id, {
        sort: "newest",
        page: 1,
        page_size: homeNewestCount,
      }),
      catalog.listProducts(request.id, {
        in_stock: true,
        sort: "price",
        page: 1,
        page_size: homeInStockCount,
      }),
    ]);

    return render(
      reply,
      "catalog/home.njk",
      categories,
      {},
      {
        featuredCategories: categories.filter((c) => c.product_count > 0),
        newestProducts: newest.results,
        inStockProducts: inStock.results,
      },
    );
  });

  app.get<{ Params: { slug: string } }>("/c/:slug", async (request, reply) => {
    const { slug } = request.params;
    const page: ListingPage = { path: categoryUrl(slug), isSearch: false };
    const filters = requireFilters(request.query as RawQuery, page, currency);
    // The path names the category; a `category` field has no meaning here.
    const pageFilters = { ...filters, q: undefined, category: undefined };

    const [categories, category, list] = await Promise.all([
      catalog.listCategories(request.id),
      catalog.getCategory(request.id, slug),
      catalog.listProducts(request.id, toProductListQuery(pageFilters, slug)),
    ]);

    const rootSlug = findRootSlug(categories, category.ancestors, slug);
    return render(
      reply,
      "catalog/category.njk",
      categories,
      { activeCategorySlug: rootSlug },
      {
        category,
        breadcrumbs: category.ancestors.map((ancestor) => ({
          name: ancestor.name,
          url: categoryUrl(ancestor.slug),
        })),
        subcategories: category.children.map((child) => ({
          name: child.name,
          count: child.product_count,
          url: categoryUrl(child.slug),
        })),
        // Facets here are the subcategories, with the same filters.
        ...buildListingContext(page, pageFilters, list, currency, (child) =>
          buildCatalogUrl(categoryUrl(child), pageFilters, currency, {
            page: 1,
          }),
        ),
      },
    );
  });

  app.get("/search", async (request: FastifyRequest, reply) => {
    const page: ListingPage = { path: "/search", isSearch: true };
    const filters = requireFilters(request.query as RawQuery, page, currency);
    if (filters.q === undefined) {
      const categories = await catalog.listCategories(request.id);
      return render(
        reply,
        "catalog/search.njk",
        categories,
        {},
        {
          isPrompt: true,
          featuredCategories: categories.filter((c) => c.product_count > 0),
        },
      );
    }

    const [categories, list] = await Promise.all([
      catalog.listCategories(request.id),
      catalog.listProducts(
        request.id,
        toProductListQuery(filters, filters.category),
      ),
    ]);

    return render(
      reply,
      "catalog/search.njk",
      categories,
      { searchQuery: filters.q },
      {
        isPrompt: false,
        q: filters.q,
        // Category facets narrow the same search to that category.
        ...buildListingContext(page, filters, list, currency, (category) =>
          buildCatalogUrl("/search", filters, currency, { category, page: 1 }),
        ),
        allCategoriesUrl: buildCatalogUrl("/search", filters, currency, {
          category: undefined,
          page: 1,
        }),
      },
    );
  });

  app.get<{ Params: { slug: string } }>("/p/:slug", async (request, reply) =>
    renderProductPage(app, request, reply, {
      slug: request.params.slug,
      query: request.query as RawQuery,
    }),
  );

  done();
}
