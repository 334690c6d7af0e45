// Builds what the product page template shows from the API's product and the
// query's variant choice.
import { maxLineQuantity } from "../../api/carts.js";
import type { ProductDetail, Variant } from "../../api/catalog.js";
import { formatMoney } from "../../money.js";
import { emptyForm, type FormState } from "../account/forms.js";
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

/** One entry of the add-to-cart form's variant list. */
export interface VariantChoice {
  id: string;
  label: string;
  isInStock: boolean;
}

/** The content of the add-to-cart form. */
export interface AddToCartContext {
  /** The chosen variant's id, sent as a hidden field. */
  variantId: string | undefined;
  /** The list to choose from when no variant is chosen yet. */
  variantChoices: VariantChoice[];
  /** Largest quantity the form offers: the stock, at most the line maximum. */
  maxQuantity: number;
  /** False when nothing of the product can be bought now. */
  canAdd: boolean;
  form: FormState;
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
  addToCart: AddToCartContext;
}

/** Returns "M / Blue, $20.00" or "M / Blue, $20.00 (out of stock)". */
export function describeVariantChoice(variant: Variant): string {
  const values = Object.values(variant.options).join(" / ") || variant.sku;
  const price = formatMoney(variant.price, variant.currency);
  return `${values}, ${price}${variant.in_stock ? "" : " (out of stock)"}`;
}

/** Builds the add-to-cart form for the chosen variant, or for a choice. */
export function buildAddToCartContext(
  product: ProductDetail,
  chosen: Variant | undefined,
  form: FormState = emptyForm({ quantity: "1" }),
): AddToCartContext {
  const candidates = chosen === undefined ? product.variants : [chosen];
  const largestStock = Math.max(
    0,
    ...candidates.map((variant) => variant.stock_on_hand),
  );
  return {
    variantId: chosen?.id,
    variantChoices:
      chosen === undefined
        ? product.variants.map((variant) => ({
            id: variant.id,
            label: describeVariantChoice(variant),
            isInStock: variant.in_stock,
          }))
        : [],
    maxQuantity: Math.min(maxLineQuantity, largestStock),
    canAdd: largestStock > 0,
    form,
  };
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
  addToCartForm?: FormState,
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
    addToCart: buildAddToCartContext(product, chosen, addToCartForm),
  };
}
