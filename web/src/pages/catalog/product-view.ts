// The product page's variant choice, made with plain links and no script:
// `?variant=SKU` names a variant, and `?size=M&color=Blue` names one by its
// option values. Each option value links to the variant that keeps the other
// chosen values where such a variant exists.
import type { ProductDetail, Variant } from "../../api/catalog.js";
import { PageError } from "../../errors.js";

/** A variant with this much stock or less shows "Only N left". */
export const lowStockThreshold = 5;

/** Returns the query field for an option name: "Size" is `size`. */
export function optionParameter(optionName: string): string {
  return optionName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

type RawQuery = Record<string, unknown>;

function readField(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === "string" && first !== "" ? first : undefined;
}

/**
 * Finds the variant the query chooses, or undefined when it chooses none and
 * the product has several. A product with one variant always has it chosen.
 * Throws PageError NOT_FOUND for a SKU or option values no variant has.
 */
export function findChosenVariant(
  product: ProductDetail,
  query: RawQuery,
): Variant | undefined {
  const sku = readField(query, "variant");
  if (sku !== undefined) {
    const variant = product.variants.find((candidate) => candidate.sku === sku);
    if (variant === undefined) {
      throw new PageError("NOT_FOUND", `This product has no variant "${sku}".`);
    }
    return variant;
  }

  const requestedValues = new Map<string, string>();
  for (const option of product.options) {
    const value = readField(query, optionParameter(option.name));
    if (value !== undefined) requestedValues.set(option.name, value);
  }
  if (requestedValues.size === 0) {
    return product.variants.length === 1 ? product.variants[0] : undefined;
  }
  const variant = product.variants.find((candidate) =>
    [...requestedValues].every(
      ([name, value]) => candidate.options[name] === value,
    ),
  );
  if (variant === undefined) {
    throw new PageError(
      "NOT_FOUND",
      "This product has no variant with the chosen options.",
    );
  }
  return variant;
}

export interface OptionValueLink {
  value: string;
  url: string;
  isCurrent: boolean;
  isInStock: boolean;
}

export interface OptionGroup {
  name: string;
  parameter: string;
  chosenValue: string | undefined;
  values: OptionValueLink[];
}

/** Returns the first variant in stock, else the first variant. */
function preferInStock(variants: readonly Variant[]): Variant | undefined {
  return variants.find((variant) => variant.in_stock) ?? variants[0];
}

/**
 * Picks the variant a click on `name = value` leads to, in stock where one
 * can be. Without a chosen variant that is any variant with the value. With
 * one, it is a variant that keeps the chosen variant's other values, or any
 * variant with the value when no such variant exists.
 */
function findTargetVariant(
  product: ProductDetail,
  chosen: Variant | undefined,
  name: string,
  value: string,
): Variant | undefined {
  const withValue = product.variants.filter(
    (variant) => variant.options[name] === value,
  );
  if (chosen === undefined) return preferInStock(withValue);
  const keepsOthers = withValue.filter((variant) =>
    Object.entries(chosen.options).every(
      ([otherName, otherValue]) =>
        otherName === name || variant.options[otherName] === otherValue,
    ),
  );
  return preferInStock(keepsOthers.length > 0 ? keepsOthers : withValue);
}

/**
 * Builds the option groups with one link per value. A value counts as in
 * stock when the variant its link leads to is, which is when any variant the
 * link could lead to is in stock.
 */
export function buildOptionGroups(
  product: ProductDetail,
  chosen: Variant | undefined,
): OptionGroup[] {
  const productPath = `/p/${encodeURIComponent(product.slug)}`;
  return product.options.map((option) => ({
    name: option.name,
    parameter: optionParameter(option.name),
    chosenValue: chosen?.options[option.name],
    values: option.values.map((value) => {
      const target = findTargetVariant(product, chosen, option.name, value);
      const url =
        target === undefined
          ? productPath
          : `${productPath}?variant=${encodeURIComponent(target.sku)}`;
      return {
        value,
        url,
        isCurrent: chosen?.options[option.name] === value,
        isInStock: target?.in_stock ?? false,
      };
    }),
  }));
}

export type StockLevel = "in-stock" | "low-stock" | "out-of-stock";

export interface StockStatus {
  level: StockLevel;
  label: string;
}

/** Describes a variant's stock: "In stock", "Only 3 left" or "Out of stock". */
export function describeVariantStock(variant: Variant): StockStatus {
  if (!variant.in_stock || variant.stock_on_hand <= 0) {
    return { level: "out-of-stock", label: "Out of stock" };
  }
  if (variant.stock_on_hand <= lowStockThreshold) {
    return {
      level: "low-stock",
      label: `Only ${variant.stock_on_hand} left`,
    };
  }
  return { level: "in-stock", label: "In stock" };
}

/** Describes stock when no variant is chosen: any variant in stock counts. */
export function describeProductStock(product: {
  in_stock: boolean;
}): StockStatus {
  return product.in_stock
    ? { level: "in-stock", label: "In stock" }
    : { level: "out-of-stock", label: "Out of stock" };
}
