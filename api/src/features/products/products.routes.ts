import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

import { useCatalogCache } from "./catalog-cache.js";
import { problemResponse } from "./problem.schemas.js";
import {
  presentProductDetail,
  presentProductList,
} from "./products.present.js";
import {
  ProductDetailSchema,
  ProductListQuerySchema,
  ProductListSchema,
  ProductSlugParamsSchema,
} from "./products.schemas.js";
import { createProductService } from "./products.service.js";

/** Read-only product routes of the catalog. */
export const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useCatalogCache(app);
  const service = createProductService({ db: app.database.db });

  app.get(
    "/products",
    {
      schema: {
        tags: ["catalog"],
        operationId: "listProducts",
        summary: "List, search and filter products",
        description:
          "Lists the active products that have an active variant, one page at a time, with facet counts. Returns 304 when If-None-Match matches.",
        querystring: ProductListQuerySchema,
        response: {
          200: ProductListSchema,
          400: problemResponse("A query parameter is invalid."),
          404: problemResponse(
            "The category is unknown (NOT_FOUND) or the page lies past the last page (PAGE_NOT_FOUND).",
          ),
        },
      },
    },
    async (request) => {
      const { query } = request;
      const result = await service.listProducts({
        q: query.q,
        categorySlug: query.category,
        minPrice: query.min_price,
        maxPrice: query.max_price,
        inStock: query.in_stock,
        sort: query.sort,
        page: query.page,
        pageSize: query.page_size,
      });
      return presentProductList(result, {
        basePath: request.routeOptions.url ?? "/api/v1/products",
        query,
      });
    },
  );

  app.get(
    "/products/:slug",
    {
      schema: {
        tags: ["catalog"],
        operationId: "getProduct",
        summary: "Get a product with its variants",
        description:
          "Returns an active product that has an active variant. Returns 304 when If-None-Match matches.",
        params: ProductSlugParamsSchema,
        response: {
          200: ProductDetailSchema,
          400: problemResponse("The slug is invalid."),
          404: problemResponse("No listed product has this slug."),
        },
      },
    },
    async (request) => {
      const detail = await service.getProductOrThrow(request.params.slug);
      return presentProductDetail(detail);
    },
  );
};
