// The context every page's layout needs: the category navigation and the
// search box value. The flash messages and the signed-in user come from
// `reply.locals`, which the session plugin fills for each request.
import type { CategoryNode } from "../api/catalog.js";

export interface NavigationLink {
  name: string;
  url: string;
  isCurrent: boolean;
}

export interface FlashMessage {
  kind: "success" | "info" | "error";
  text: string;
}

export interface LayoutContext {
  navigation: NavigationLink[];
  searchQuery: string;
}

export interface LayoutOptions {
  searchQuery?: string;
  /** Slug of the top-level category the page belongs to, if any. */
  activeCategorySlug?: string;
}

/** Returns the URL of the category page for `slug`. */
export function categoryUrl(slug: string): string {
  return `/c/${encodeURIComponent(slug)}`;
}

/** Returns the URL of the product page for `slug`. */
export function productUrl(slug: string): string {
  return `/p/${encodeURIComponent(slug)}`;
}

/** Builds the layout context from the category tree. */
export function buildLayoutContext(
  categories: readonly CategoryNode[],
  options: LayoutOptions = {},
): LayoutContext {
  return {
    navigation: categories.map((category) => ({
      name: category.name,
      url: categoryUrl(category.slug),
      isCurrent: category.slug === options.activeCategorySlug,
    })),
    searchQuery: options.searchQuery ?? "",
  };
}
