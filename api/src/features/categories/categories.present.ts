// Maps category results to the API's snake_case responses.
import type {
  CategoryDetail,
  CategoryNode,
  CategoryTree,
} from "./categories.schemas.js";
import type {
  CategoryDetailResult,
  CategoryTreeNode,
} from "./categories.service.js";

export function presentCategoryNode(node: CategoryTreeNode): CategoryNode {
  return {
    id: node.id,
    slug: node.slug,
    name: node.name,
    path: node.path,
    product_count: node.productCount,
    children: node.children.map(presentCategoryNode),
  };
}

export function presentCategoryTree(
  roots: readonly CategoryTreeNode[],
): CategoryTree {
  return { results: roots.map(presentCategoryNode) };
}

export function presentCategoryDetail(
  detail: CategoryDetailResult,
): CategoryDetail {
  const { category } = detail;
  return {
    id: category.id,
    slug: category.slug,
    name: category.name,
    description: category.description,
    path: category.path,
    product_count: detail.productCount,
    ancestors: detail.ancestors.map(({ slug, name }) => ({ slug, name })),
    children: detail.children.map((child) => ({
      slug: child.slug,
      name: child.name,
      product_count: child.productCount,
    })),
  };
}
