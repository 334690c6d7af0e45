import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

import { useCatalogCache } from "../products/catalog-cache.js";
import { problemResponse } from "../products/problem.schemas.js";
import {
  presentCategoryDetail,
  presentCategoryTree,
} from "./categories.present.js";
import {
  CategoryDetailSchema,
  CategorySlugParamsSchema,
  CategoryTreeSchema,
} from "./categories.schemas.js";
import { createCategoryService } from "./categories.service.js";

/** Read-only category routes of the catalog. */
export const categoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useCatalogCache(app);
  const service = createCategoryService({ db: app.database.db });

  app.get(
    "/categories",
    {
      schema: {
        tags: ["catalog"],
        operationId: "listCategories",
        summary: "Get the category tree",
        description:
          "Returns every category as a tree, with counts of listed products. Returns 304 when If-None-Match matches.",
        response: { 200: CategoryTreeSchema },
      },
    },
    async () => presentCategoryTree(await service.getCategoryTree()),
  );

  app.get(
    "/categories/:slug",
    {
      schema: {
        tags: ["catalog"],
        operationId: "getCategory",
        summary: "Get a category with its ancestors and children",
        description:
          "Returns one category, the chain of categories above it and its direct subcategories. Returns 304 when If-None-Match matches.",
        params: CategorySlugParamsSchema,
        response: {
          200: CategoryDetailSchema,
          400: problemResponse("The slug is invalid."),
          404: problemResponse("No category has this slug."),
        },
      },
    },
    async (request) =>
      presentCategoryDetail(
        await service.getCategoryOrThrow(request.params.slug),
      ),
  );
};
