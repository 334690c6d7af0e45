// The catalog calls the pages make, typed from the OpenAPI document. Every
// page shows the category tree in its navigation, so the tree is kept in the
// process for a few seconds. Everything else is read fresh from the API,
// which has its own cache.
import { readApiData, type ApiConnection } from "./client.js";
import type { components, paths } from "./schema.js";

type JsonOf<T> = T extends { content: { "application/json": infer Body } }
  ? Body
  : never;

export type CategoryNode = components["schemas"]["CategoryNode"];
export type CategoryDetail = JsonOf<
  paths["/api/v1/categories/{slug}"]["get"]["responses"][200]
>;
export type ProductList = JsonOf<
  paths["/api/v1/products"]["get"]["responses"][200]
>;
export type ProductSummary = ProductList["results"][number];
export type ProductDetail = JsonOf<
  paths["/api/v1/products/{slug}"]["get"]["responses"][200]
>;
export type Variant = ProductDetail["variants"][number];
export type ProductListQuery = NonNullable<
  paths["/api/v1/products"]["get"]["parameters"]["query"]
>;

export interface CatalogApi {
  /** Returns the category tree, at most `categoryTreeTtlMs` old. */
  listCategories(requestId: string): Promise<CategoryNode[]>;
  /** Returns the last category tree loaded, or none, without calling the API. */
  peekCategories(): CategoryNode[];
  getCategory(requestId: string, slug: string): Promise<CategoryDetail>;
  listProducts(
    requestId: string,
    query: ProductListQuery,
  ): Promise<ProductList>;
  getProduct(requestId: string, slug: string): Promise<ProductDetail>;
}

export interface CatalogApiOptions {
  /** How long the category tree is reused; 0 reads it on every page. */
  categoryTreeTtlMs: number;
  now?: () => number;
}

/** Builds the catalog calls on top of one API connection. */
export function createCatalogApi(
  connection: ApiConnection,
  options: CatalogApiOptions,
): CatalogApi {
  const now = options.now ?? Date.now;
  let tree: CategoryNode[] = [];
  let loadedAt = Number.NEGATIVE_INFINITY;
  // One load at a time: pages that arrive while the tree is loading wait for
  // the same call instead of each sending their own.
  let pendingLoad: Promise<CategoryNode[]> | undefined;

  async function loadCategories(requestId: string): Promise<CategoryNode[]> {
    const client = connection.clientFor(requestId);
    const body = await readApiData(client.GET("/api/v1/categories"));
    tree = body.results;
    loadedAt = now();
    return tree;
  }

  return {
    listCategories(requestId) {
      if (now() - loadedAt < options.categoryTreeTtlMs) {
        return Promise.resolve(tree);
      }
      pendingLoad ??= loadCategories(requestId).finally(() => {
        pendingLoad = undefined;
      });
      return pendingLoad;
    },
    peekCategories() {
      return tree;
    },
    getCategory(requestId, slug) {
      const client = connection.clientFor(requestId);
      return readApiData(
        client.GET("/api/v1/categories/{slug}", {
          params: { path: { slug } },
        }),
      );
    },
    listProducts(requestId, query) {
      const client = connection.clientFor(requestId);
      return readApiData(client.GET("/api/v1/products", { params: { query } }));
    },
    getProduct(requestId, slug) {
      const client = connection.clientFor(requestId);
      return readApiData(
        client.GET("/api/v1/products/{slug}", { params: { path: { slug } } }),
      );
    },
  };
}
