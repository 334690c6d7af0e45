// Test data builders. Each call makes unique slugs and SKUs, so tests never
// depend on each other's rows.
import { randomUUID } from "node:crypto";

import type { Database } from "../db/client.js";
import { categories, productImages, products, variants } from "../db/schema.js";

let sequence = 0;

/** Returns a short suffix unique within this test process. */
export function uniqueSuffix(): string {
  sequence += 1;
  return `${process.pid.toString(36)}${sequence.toString(36)}${randomUUID().slice(0, 4)}`;
}

export interface BuiltCategory {
  id: string;
  slug: string;
  name: string;
  path: string;
}

export async function buildCategory(
  db: Database,
  options: { name?: string; parent?: BuiltCategory; slug?: string } = {},
): Promise<BuiltCategory> {
  const suffix = uniqueSuffix();
  const slug = options.slug ?? `category-${suffix}`;
  const row = {
    id: randomUUID(),
    slug,
    name: options.name ?? `Category ${suffix}`,
    parentId: options.parent?.id ?? null,
    path: options.parent ? `${options.parent.path}/${slug}` : slug,
  };
  await db.insert(categories).values(row);
  return { id: row.id, slug: row.slug, name: row.name, path: row.path };
}

export interface VariantInput {
  sku?: string;
  price?: number;
  stockOnHand?: number;
  options?: Record<string, string>;
  isActive?: boolean;
}

export interface BuiltProduct {
  id: string;
  slug: string;
  name: string;
  variants: { id: string; sku: string; price: number }[];
}

export async function buildProduct(
  db: Database,
  options: {
    name?: string;
    slug?: string;
    description?: string;
    brand?: string | null;
    tags?: string[];
    category?: BuiltCategory;
    isActive?: boolean;
    createdAt?: Date;
    variants?: VariantInput[];
    imageUrls?: string[];
  } = {},
): Promise<BuiltProduct> {
  const suffix = uniqueSuffix();
  const variantInputs = options.variants ?? [{}];
  const builtVariants = variantInputs.map((input, index) => ({
    id: randomUUID(),
    sku: input.sku ?? `SKU-${suffix}-${index}`.toUpperCase(),
    price: input.price ?? 1999,
    stockOnHand: input.stockOnHand ?? 10,
    options: input.options ?? {},
    isActive: input.isActive ?? true,
    position: index,
    currency: "USD",
  }));
  const activePrices = builtVariants
    .filter((variant) => variant.isActive)
    .map((variant) => variant.price);
  const product = {
    id: randomUUID(),
    slug: options.slug ?? `product-${suffix}`,
    name: options.name ?? `Product ${suffix}`,
    description: options.description ?? "",
    brand: options.brand ?? null,
    tags: options.tags ?? [],
    categoryId: options.category?.id ?? null,
    isActive: options.isActive ?? true,
    priceMin: activePrices.length > 0 ? Math.min(...activePrices) : 0,
    priceMax: activePrices.length > 0 ? Math.max(...activePrices) : 0,
    currency: "USD",
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
  };
  await db.insert(products).values(product);
  await db
    .insert(variants)
    .values(
      builtVariants.map((variant) => ({ ...variant, productId: product.id })),
    );
  const imageUrls = options.imageUrls ?? [];
  if (imageUrls.length > 0) {
    await db.insert(productImages).values(
      imageUrls.map((url, position) => ({
        id: randomUUID(),
        productId: product.id,
        url,
        alt: product.name,
        position,
      })),
    );
  }
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    variants: builtVariants.map(({ id, sku, price }) => ({ id, sku, price })),
  };
}
