// Category reads. Product counts include only listed products (active, with
// an active variant), the same rule as the product list.
import { asc, eq, or, sql, like } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { categories, products } from "../../db/schema.js";
import {
  escapeLikePattern,
  isListedProduct,
} from "../products/products.queries.js";

/** A category with the count of listed products directly in it. */
export interface CategoryCountRow {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  path: string;
  directProductCount: number;
}

export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  path: string;
}

export interface CategoryQueries {
  /** Lists every category in `position, name` order, with direct counts. */
  listCategoriesWithCounts(): Promise<CategoryCountRow[]>;
  findCategoryBySlug(slug: string): Promise<CategoryRow | undefined>;
  /** Lists the category at `path` and its descendants, with direct counts. */
  listSubtreeWithCounts(path: string): Promise<CategoryCountRow[]>;
  /** Loads the categories named by the segments of `path`, root first. */
  listCategoryChain(path: string): Promise<{ slug: string; name: string }[]>;
}

function selectCategoriesWithCounts(db: Database) {
  const directCounts = db
    .select({
      categoryId: products.categoryId,
      productCount: sql<number>`count(*)::int`.as("product_count"),
    })
    .from(products)
    .where(isListedProduct)
    .groupBy(products.categoryId)
    .as("direct_counts");
  return db
    .select({
      id: categories.id,
      parentId: categories.parentId,
      slug: categories.slug,
      name: categories.name,
      path: categories.path,
      directProductCount: sql<number>`coalesce(${directCounts.productCount}, 0)`,
    })
    .from(categories)
    .leftJoin(directCounts, eq(directCounts.categoryId, categories.id));
}

const categoryOrder = [
  asc(categories.position),
  asc(categories.name),
  asc(categories.id),
];

/** Prepares the category reads on `db`; call once per database handle. */
export function createCategoryQueries(db: Database): CategoryQueries {
  const allWithCounts = selectCategoriesWithCounts(db)
    .orderBy(...categoryOrder)
    .prepare("catalog_categories_with_counts");
  const subtreeWithCounts = selectCategoriesWithCounts(db)
    .where(
      or(
        eq(categories.path, sql.placeholder("path")),
        like(categories.path, sql.placeholder("pattern")),
      ),
    )
    .orderBy(...categoryOrder)
    .prepare("catalog_category_subtree_with_counts");
  const bySlug = db
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
      path: categories.path,
    })
    .from(categories)
    .where(eq(categories.slug, sql.placeholder("slug")))
    .limit(1)
    .prepare("catalog_category_by_slug");
  const segments = sql`string_to_array(${sql.placeholder("path")}::text, '/')`;
  const chain = db
    .select({ slug: categories.slug, name: categories.name })
    .from(categories)
    .where(sql`${categories.slug} = any(${segments})`)
    .orderBy(sql`array_position(${segments}, ${categories.slug})`)
    .prepare("catalog_category_chain_by_path");

  return {
    listCategoriesWithCounts: () => allWithCounts.execute(),
    async findCategoryBySlug(slug) {
      const [row] = await bySlug.execute({ slug });
      return row;
    },
    listSubtreeWithCounts: (path) =>
      subtreeWithCounts.execute({
        path,
        pattern: `${escapeLikePattern(path)}/%`,
      }),
    listCategoryChain: (path) => chain.execute({ path }),
  };
}
