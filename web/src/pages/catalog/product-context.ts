// Builds what the product page template shows from the API's product and the
// query's variant choice.
import type { ProductDetail } from "../../api/catalog.js";
import { categoryUrl } from "../layout.js";
import {
  buildOptionGroups,
  describeProductStock,
  describeVariantStock,
  findChosenVariant,
  type OptionGroup,
  type StockStatus,
} from "./product-view.js";

type RawQuery = Record<string, unknown>;

export interface ProductPrice {
  /** Minor units of the chosen variant, or of the cheapest variant. */
  minMinor: number;
  maxMinor: number;
  currency: string;
  isRange: boolean;
}

export interface ProductContext {
  product: ProductDetail;
  chosenSku: string | undefined;
  price: ProductPrice;
  stock: StockStatus;
  optionGroups: OptionGroup[];
  /** Asks the shopper to pick the options, or undefined once one is chosen. */
  choicePrompt: string | undefined;
  breadcrumbs: { name: string; url: string }[];
}

/** Returns "Choose a size and colour to see the price and stock." */
export function describeChoicePrompt(optionNames: readonly string[]): string {
  const names = optionNames.map((name) => name.toLowerCase());
  const last = names.pop();
  const list = names.length > 0 ? `${names.join(", ")} and ${last}` : last;
  return `Choose a ${list} to see the price and stock.`;
}

/**
 * Builds the product page context.
 * Throws PageError NOT_FOUND when the query names a variant the product lacks.
 */
export function buildProductContext(
  product: ProductDetail,
  query: RawQuery,
): ProductContext {
  const chosen = findChosenVariant(product, query);
  const price: ProductPrice =
    chosen === undefined
      ? {
          minMinor: product.price_min,
          maxMinor: product.price_max,
          currency: product.currency,
          isRange: product.price_min !== product.price_max,
        }
      : {
          minMinor: chosen.price,
          maxMinor: chosen.price,
          currency: chosen.currency,
          isRange: false,
        };

  return {
    product,
    chosenSku: chosen?.sku,
    price,
    stock:
      chosen === undefined
        ? describeProductStock(product)
        : describeVariantStock(chosen),
    optionGroups: buildOptionGroups(product, chosen),
    choicePrompt:
      chosen === undefined && product.options.length > 0
        ? describeChoicePrompt(product.options.map((option) => option.name))
        : undefined,
    breadcrumbs: product.category_path.map((category) => ({
      name: category.name,
      url: categoryUrl(category.slug),
    })),
  };
}
