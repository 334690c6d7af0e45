// Writes validated catalog records to the database. The variant SKU is the
// key: a record whose SKUs are new creates a product, and a record whose SKUs
// are known updates the product that owns them. Only what differs is written,
// so importing the same file twice changes nothing and reports every product
// as unchanged.
//
// Products are written in batches, each in one transaction. When a batch
// fails in the database, its products are written again one per transaction,
// so one product that the database rejects never takes the others with it.
import type { Database } from "../../db/client.js";
import {
  findAllProductSlugs,
  findImagesByProductIds,
  findProductsByIds,
  findVariantsByProductIds,
  findVariantsBySkus,
} from "./catalog-import.queries.js";
import { ensureCategories } from "./category-tree.js";
import { describeDatabaseError } from "./database-error.js";
import type {
  ImportProduct,
  ParsedCatalog,
  RejectedRow,
} from "./import-record.js";
import { slugify } from "./import-record.js";
import {
  createProduct,
  updateProductIfChanged,
  type ProductWriteContext,
  type StoredProduct,
} from "./product-writer.js";

/** The outcome of one import, counted in products. */
export interface CatalogImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  /**
   * Rows of the file that were not written, in line order, one entry per
   * line with its reasons joined by "; ".
   */
  rejected: RejectedRow[];
  categoriesCreated: number;
}

export interface ImportCatalogOptions {
  /** ISO 4217 code given to every product and variant. */
  currency: string;
  /** Products written per transaction; 50 by default. */
  batchSize?: number;
  /** Called after each batch with the products done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** The time written to `updated_at`; the current time by default. */
  clock?: () => Date;
}

/**
 * Imports the valid products of `catalog` and reports the outcome of each
 * row. Creates the categories the products name. Throws only when the
 * database fails outside a product write (loading categories or slugs).
 */
export async function importCatalog(
  db: Database,
  catalog: ParsedCatalog,
  options: ImportCatalogOptions,
): Promise<CatalogImportSummary> {
  const summary: CatalogImportSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [...catalog.rejected],
    categoriesCreated: 0,
  };
  const batchSize = options.batchSize ?? 50;
  const total = catalog.products.length;

  const categories = await db.transaction((tx) =>
    ensureCategories(tx, listCategoryPaths(catalog.products)),
  );
  summary.categoriesCreated = categories.created;
  const context: ProductWriteContext = {
    currency: options.currency,
    now: options.clock?.() ?? new Date(),
    categoryIds: categories.idsByPath,
    takenSlugs: new Set(await findAllProductSlugs(db)),
  };

  options.onProgress?.(0, total);
  for (let start = 0; start < total; start += batchSize) {
    const batch = catalog.products.slice(start, start + batchSize);
    await writeBatchOrEach(db, batch, context, summary);
    options.onProgress?.(Math.min(start + batchSize, total), total);
  }
  summary.rejected = mergeReasonsByLine(summary.rejected);
  return summary;
}

/**
 * Sorts rejected rows by line and joins the reasons of each line into one
 * entry, so that a row rejected for two reasons counts once.
 */
function mergeReasonsByLine(rejected: RejectedRow[]): RejectedRow[] {
  const sorted = [...rejected].sort(
    (first, second) => first.line - second.line,
  );
  const merged: RejectedRow[] = [];
  for (const row of sorted) {
    const previous = merged.at(-1);
    if (previous?.line === row.line) {
      previous.reason = `${previous.reason}; ${row.reason}`;
    } else {
      merged.push({ ...row });
    }
  }
  return merged;
}

function listCategoryPaths(records: ImportProduct[]): string[][] {
  const paths: string[][] = [];
  for (const record of records) {
    if (record.categoryPath) paths.push(record.categoryPath);
    paths.push(...record.otherCategoryPaths);
  }
  return paths;
}

type Outcome = "created" | "updated" | "unchanged" | RejectedRow;

async function writeBatchOrEach(
  db: Database,
  batch: ImportProduct[],
  context: ProductWriteContext,
  summary: CatalogImportSummary,
): Promise<void> {
  const slugsBefore = new Set(context.takenSlugs);
  let outcomes: Outcome[];
  try {
    outcomes = await db.transaction((tx) => writeBatch(tx, batch, context));
  } catch {
    // The batch rolled back, so the slugs it took are free again.
    context.takenSlugs = slugsBefore;
    outcomes = [];
    for (const record of batch) {
      outcomes.push(await writeAlone(db, record, context));
    }
  }
  for (const outcome of outcomes) {
    if (typeof outcome === "string") summary[outcome] += 1;
    else summary.rejected.push(outcome);
  }
}

async function writeAlone(
  db: Database,
  record: ImportProduct,
  context: ProductWriteContext,
): Promise<Outcome> {
  const slugsBefore = new Set(context.takenSlugs);
  try {
    const [outcome] = await db.transaction((tx) =>
      writeBatch(tx, [record], context),
    );
    return outcome ?? "unchanged";
  } catch (error) {
    context.takenSlugs = slugsBefore;
    return {
      line: record.line,
      reason: `could not be saved: ${describeDatabaseError(error)}`,
    };
  }
}

/** Loads what the batch's products already have, then writes each one. */
async function writeBatch(
  db: Database,
  batch: ImportProduct[],
  context: ProductWriteContext,
): Promise<Outcome[]> {
  const skus = batch.flatMap((record) => record.variants.map((v) => v.sku));
  const knownVariants = await findVariantsBySkus(db, skus);
  const productIds = [...new Set(knownVariants.map((v) => v.productId))];
  const stored = await loadStoredProducts(db, productIds);
  const productIdBySku = new Map(
    knownVariants.map((v) => [v.sku, v.productId]),
  );

  const outcomes: Outcome[] = [];
  for (const record of batch) {
    const ownerIds = new Set(
      record.variants.flatMap((v) => productIdBySku.get(v.sku) ?? []),
    );
    const [ownerId] = ownerIds;
    if (ownerIds.size > 1) {
      outcomes.push({
        line: record.line,
        reason: "its SKUs belong to different products in the catalog",
      });
    } else if (ownerId === undefined) {
      const slug = claimSlug(record, context.takenSlugs);
      await createProduct(db, record, slug, context);
      outcomes.push("created");
    } else {
      const product = stored.get(ownerId);
      if (!product) throw new Error(`product ${ownerId} vanished`);
      const changed = await updateProductIfChanged(
        db,
        record,
        product,
        context,
      );
      outcomes.push(changed ? "updated" : "unchanged");
    }
  }
  return outcomes;
}

async function loadStoredProducts(
  db: Database,
  productIds: string[],
): Promise<Map<string, StoredProduct>> {
  const rows = await findProductsByIds(db, productIds);
  const allVariants = await findVariantsByProductIds(db, productIds);
  const allImages = await findImagesByProductIds(db, productIds);
  const stored = new Map<string, StoredProduct>();
  for (const row of rows) {
    stored.set(row.id, { row, variants: [], images: [] });
  }
  for (const variant of allVariants)
    stored.get(variant.productId)?.variants.push(variant);
  for (const image of allImages)
    stored.get(image.productId)?.images.push(image);
  return stored;
}

/**
 * Picks a free slug for a new product: its preferred slug or the slug of its
 * name, then with `-2`, `-3`... appended, and marks it taken.
 */
function claimSlug(record: ImportProduct, takenSlugs: Set<string>): string {
  const base = record.slug || slugify(record.name) || "product";
  let slug = base;
  for (let number = 2; takenSlugs.has(slug); number += 1) {
    slug = `${base}-${number}`;
  }
  takenSlugs.add(slug);
  return slug;
}
