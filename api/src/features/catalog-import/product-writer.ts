// Creates one imported product, or brings a stored one up to date with its
// record. Updates write only the columns that differ, so an unchanged record
// leaves `updated_at` alone.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";

import type { Database } from "../../db/client.js";
import {
  insertProduct,
  insertVariants,
  replaceProductImages,
  updateProduct,
  updateVariant,
  type ImageRow,
  type ProductRow,
  type VariantRow,
} from "./catalog-import.queries.js";
import { categoryPathKey } from "./category-tree.js";
import type { ImportProduct, ImportVariant } from "./import-record.js";

/** Settings and state shared by the product writes of one import. */
export interface ProductWriteContext {
  currency: string;
  now: Date;
  /** Category ids by `categoryPathKey`. */
  categoryIds: Map<string, string>;
  /** Every product slug in use, including those taken by this import. */
  takenSlugs: Set<string>;
}

/** A stored product with its variants and images. */
export interface StoredProduct {
  row: ProductRow;
  variants: VariantRow[];
  images: ImageRow[];
}

/** Inserts `record` as a new product with its variants and images. */
export async function createProduct(
  db: Database,
  record: ImportProduct,
  slug: string,
  context: ProductWriteContext,
): Promise<void> {
  const productId = randomUUID();
  const prices = record.variants.map((variant) => variant.price);

  await insertProduct(db, {
    id: productId,
    slug,
    name: record.name,
    description: record.description,
    brand: record.brand,
    categoryId: findCategoryId(record, context),
    tags: record.tags,
    priceMin: Math.min(...prices),
    priceMax: Math.max(...prices),
    currency: context.currency,
  });
  await insertVariants(
    db,
    record.variants.map((variant, position) =>
      buildVariantRow(variant, productId, position, context),
    ),
  );
  await replaceProductImages(db, productId, buildImageRows(record, productId));
}

/**
 * Updates the stored product, its variants and images where `record`
 * differs, and returns whether anything was written. Variants the record
 * does not list stay as they are; so does a stored category or image list
 * when the record names none.
 */
export async function updateProductIfChanged(
  db: Database,
  record: ImportProduct,
  stored: StoredProduct,
  context: ProductWriteContext,
): Promise<boolean> {
  const variantsAfter = await writeVariantChanges(db, record, stored, context);
  const imagesChanged = await writeImageChanges(db, record, stored);
  const productChanges = diffProduct(
    record,
    stored.row,
    variantsAfter,
    context,
  );

  const variantsChanged = variantsAfter.changed;
  if (!variantsChanged && !imagesChanged && productChanges === undefined) {
    return false;
  }
  await updateProduct(db, stored.row.id, {
    ...productChanges,
    updatedAt: context.now,
  });
  return true;
}

interface VariantsAfterWrite {
  changed: boolean;
  /** The product's variants as stored after the write. */
  rows: Pick<VariantRow, "price" | "isActive">[];
}

async function writeVariantChanges(
  db: Database,
  record: ImportProduct,
  stored: StoredProduct,
  context: ProductWriteContext,
): Promise<VariantsAfterWrite> {
  const bySku = new Map(stored.variants.map((row) => [row.sku, row]));
  const rows: Pick<VariantRow, "price" | "isActive">[] = stored.variants
    .filter((row) => !record.variants.some((v) => v.sku === row.sku))
    .map((row) => ({ price: row.price, isActive: row.isActive }));
  let nextPosition =
    Math.max(-1, ...stored.variants.map((v) => v.position)) + 1;
  let changed = false;

  for (const variant of record.variants) {
    const current = bySku.get(variant.sku);
    if (!current) {
      const row = buildVariantRow(
        variant,
        stored.row.id,
        nextPosition,
        context,
      );
      await insertVariants(db, [row]);
      nextPosition += 1;
      rows.push({ price: row.price, isActive: true });
      changed = true;
      continue;
    }
    // NOTE: stock on hand is set to the file's value, which replaces any
    // change made by sales since the previous import of the file.
    const changes = diffVariant(variant, current, context);
    if (changes) {
      await updateVariant(db, current.id, {
        ...changes,
        updatedAt: context.now,
      });
      changed = true;
    }
    rows.push({ price: variant.price, isActive: current.isActive });
  }
  return { changed, rows };
}

function diffVariant(
  variant: ImportVariant,
  current: VariantRow,
  context: ProductWriteContext,
): Partial<VariantRow> | undefined {
  const changes: Partial<VariantRow> = {};
  if (variant.price !== current.price) changes.price = variant.price;
  if (variant.stockOnHand !== current.stockOnHand) {
    changes.stockOnHand = variant.stockOnHand;
  }
  if (context.currency !== current.currency)
    changes.currency = context.currency;
  // jsonb does not keep key order, so the options are compared as maps.
  if (
    !isDeepStrictEqual(sortKeys(variant.options), sortKeys(current.options))
  ) {
    changes.options = variant.options;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

function sortKeys(options: Record<string, string>): [string, string][] {
  return Object.entries(options).sort(([first], [second]) =>
    first < second ? -1 : 1,
  );
}

async function writeImageChanges(
  db: Database,
  record: ImportProduct,
  stored: StoredProduct,
): Promise<boolean> {
  if (record.imageUrls.length === 0) return false;
  const storedUrls = stored.images.map((image) => image.url);
  if (isDeepStrictEqual(storedUrls, record.imageUrls)) return false;
  await replaceProductImages(
    db,
    stored.row.id,
    buildImageRows(record, stored.row.id),
  );
  return true;
}

function diffProduct(
  record: ImportProduct,
  row: ProductRow,
  variantsAfter: VariantsAfterWrite,
  context: ProductWriteContext,
): Partial<ProductRow> | undefined {
  const changes: Partial<ProductRow> = {};
  if (record.name !== row.name) changes.name = record.name;
  if (record.description !== row.description) {
    changes.description = record.description;
  }
  if (record.brand !== row.brand) changes.brand = record.brand;
  if (!isDeepStrictEqual(record.tags, row.tags)) changes.tags = record.tags;
  const categoryId = findCategoryId(record, context);
  if (categoryId !== null && categoryId !== row.categoryId) {
    changes.categoryId = categoryId;
  }
  if (context.currency !== row.currency) changes.currency = context.currency;

  const { priceMin, priceMax } = computePriceRange(variantsAfter.rows);
  if (priceMin !== row.priceMin) changes.priceMin = priceMin;
  if (priceMax !== row.priceMax) changes.priceMax = priceMax;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/**
 * Returns the price range of the active variants, or 0 to 0 when none is
 * active (the product is not listed then).
 */
function computePriceRange(rows: Pick<VariantRow, "price" | "isActive">[]): {
  priceMin: number;
  priceMax: number;
} {
  const prices = rows.filter((row) => row.isActive).map((row) => row.price);
  if (prices.length === 0) return { priceMin: 0, priceMax: 0 };
  return { priceMin: Math.min(...prices), priceMax: Math.max(...prices) };
}

function findCategoryId(
  record: ImportProduct,
  context: ProductWriteContext,
): string | null {
  if (!record.categoryPath) return null;
  return context.categoryIds.get(categoryPathKey(record.categoryPath)) ?? null;
}

function buildVariantRow(
  variant: ImportVariant,
  productId: string,
  position: number,
  context: ProductWriteContext,
): VariantRow & { updatedAt: Date } {
  return {
    id: randomUUID(),
    productId,
    sku: variant.sku,
    price: variant.price,
    currency: context.currency,
    stockOnHand: variant.stockOnHand,
    options: variant.options,
    isActive: true,
    position,
    updatedAt: context.now,
  };
}

function buildImageRows(
  record: ImportProduct,
  productId: string,
): {
  id: string;
  productId: string;
  url: string;
  alt: string;
  position: number;
}[] {
  return record.imageUrls.map((url, position) => ({
    id: randomUUID(),
    productId,
    url,
    alt: record.name,
    position,
  }));
}
