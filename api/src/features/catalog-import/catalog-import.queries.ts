// Every database read and write of the catalog import. Each function takes
// the database or an open transaction.
import { inArray, eq } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import {
  categories,
  productImages,
  products,
  variants,
} from "../../db/schema.js";

export interface CategoryRow {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  path: string;
}

export type ProductRow = Pick<
  typeof products.$inferSelect,
  | "id"
  | "slug"
  | "name"
  | "description"
  | "brand"
  | "categoryId"
  | "tags"
  | "priceMin"
  | "priceMax"
  | "currency"
>;

export type VariantRow = Pick<
  typeof variants.$inferSelect,
  | "id"
  | "productId"
  | "sku"
  | "price"
  | "currency"
  | "stockOnHand"
  | "options"
  | "isActive"
  | "position"
>;

export interface ImageRow {
  productId: string;
  url: string;
  position: number;
}

export async function findAllCategories(db: Database): Promise<CategoryRow[]> {
  return db
    .select({
      id: categories.id,
      parentId: categories.parentId,
      slug: categories.slug,
      name: categories.name,
      path: categories.path,
    })
    .from(categories);
}

export async function insertCategory(
  db: Database,
  row: CategoryRow,
): Promise<void> {
  await db.insert(categories).values(row);
}

export async function findAllProductSlugs(db: Database): Promise<string[]> {
  const rows = await db.select({ slug: products.slug }).from(products);
  return rows.map((row) => row.slug);
}

const variantColumns = {
  id: variants.id,
  productId: variants.productId,
  sku: variants.sku,
  price: variants.price,
  currency: variants.currency,
  stockOnHand: variants.stockOnHand,
  options: variants.options,
  isActive: variants.isActive,
  position: variants.position,
};

export async function findVariantsBySkus(
  db: Database,
  skus: string[],
): Promise<VariantRow[]> {
  if (skus.length === 0) return [];
  return db
    .select(variantColumns)
    .from(variants)
    .where(inArray(variants.sku, skus));
}

export async function findVariantsByProductIds(
  db: Database,
  productIds: string[],
): Promise<VariantRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select(variantColumns)
    .from(variants)
    .where(inArray(variants.productId, productIds));
}

export async function findProductsByIds(
  db: Database,
  ids: string[],
): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      description: products.description,
      brand: products.brand,
      categoryId: products.categoryId,
      tags: products.tags,
      priceMin: products.priceMin,
      priceMax: products.priceMax,
      currency: products.currency,
    })
    .from(products)
    .where(inArray(products.id, ids));
}

export async function findImagesByProductIds(
  db: Database,
  productIds: string[],
): Promise<ImageRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select({
      productId: productImages.productId,
      url: productImages.url,
      position: productImages.position,
    })
    .from(productImages)
    .where(inArray(productImages.productId, productIds))
    .orderBy(productImages.productId, productImages.position);
}

export async function insertProduct(
  db: Database,
  row: typeof products.$inferInsert,
): Promise<void> {
  await db.insert(products).values(row);
}

export async function insertVariants(
  db: Database,
  rows: (typeof variants.$inferInsert)[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(variants).values(rows);
}

export async function updateProduct(
  db: Database,
  id: string,
  changes: Partial<typeof products.$inferInsert>,
): Promise<void> {
  await db.update(products).set(changes).where(eq(products.id, id));
}

export async function updateVariant(
  db: Database,
  id: string,
  changes: Partial<typeof variants.$inferInsert>,
): Promise<void> {
  await db.update(variants).set(changes).where(eq(variants.id, id));
}

/** Replaces every image of `productId` with `rows`. */
export async function replaceProductImages(
  db: Database,
  productId: string,
  rows: (typeof productImages.$inferInsert)[],
): Promise<void> {
  await db.delete(productImages).where(eq(productImages.productId, productId));
  if (rows.length > 0) await db.insert(productImages).values(rows);
}
