// Category reads: the whole tree with product counts, and one category with
// its ancestors and children.
import type { Database } from "../../db/client.js";
import { notFound } from "../../errors.js";
import {
  createCategoryQueries,
  type CategoryCountRow,
  type CategoryRow,
} from "./categories.queries.js";

export interface CategoryTreeNode {
  id: string;
  slug: string;
  name: string;
  path: string;
  /** Listed products in this category and all its descendants. */
  productCount: number;
  children: CategoryTreeNode[];
}

export interface CategoryDetailResult {
  category: CategoryRow;
  productCount: number;
  /** From the root down to the parent; empty for a root category. */
  ancestors: { slug: string; name: string }[];
  children: CategoryTreeNode[];
}

export interface CategoryService {
  getCategoryTree(): Promise<CategoryTreeNode[]>;
  getCategoryOrThrow(slug: string): Promise<CategoryDetailResult>;
}

function addDescendantCounts(node: CategoryTreeNode): number {
  for (const child of node.children) {
    node.productCount += addDescendantCounts(child);
  }
  return node.productCount;
}

/**
 * Builds the forest of `rows`, keeping their order among siblings. A row
 * whose parent is not among the rows becomes a root. Each node's count
 * includes its descendants' counts.
 */
export function buildCategoryTree(
  rows: readonly CategoryCountRow[],
): CategoryTreeNode[] {
  const nodes = new Map<string, CategoryTreeNode>();
  for (const row of rows) {
    nodes.set(row.id, {
      id: row.id,
      slug: row.slug,
      name: row.name,
      path: row.path,
      productCount: row.directProductCount,
      children: [],
    });
  }

  const roots: CategoryTreeNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }

  roots.forEach(addDescendantCounts);
  return roots;
}

/** Creates the category read service on `db`, preparing its queries. */
export function createCategoryService({
  db,
}: {
  db: Database;
}): CategoryService {
  const queries = createCategoryQueries(db);

  return {
    /** Returns the root categories with their descendants, in order. */
    async getCategoryTree() {
      return buildCategoryTree(await queries.listCategoriesWithCounts());
    },

    /**
     * Loads a category with its subtree's product count, its ancestors and
     * its children. Throws NOT_FOUND when no category has the slug.
     */
    async getCategoryOrThrow(slug) {
      const category = await queries.findCategoryBySlug(slug);
      if (!category) throw notFound("category", slug);

      const [subtree, chain] = await Promise.all([
        queries.listSubtreeWithCounts(category.path),
        queries.listCategoryChain(category.path),
      ]);
      const node = buildCategoryTree(subtree).find(
        (root) => root.id === category.id,
      );
      return {
        category,
        productCount: node?.productCount ?? 0,
        ancestors: chain.filter((link) => link.slug !== category.slug),
        children: node?.children ?? [],
      };
    },
  };
}
