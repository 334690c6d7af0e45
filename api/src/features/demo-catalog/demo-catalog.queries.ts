import { count } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import { products, variants } from "../../db/schema.js";

/** Counts the products and variants in the catalog. */
export async function countCatalog(
  db: Database,
): Promise<{ products: number; variants: number }> {
  const [productRow] = await db.select({ value: count() }).from(products);
  const [variantRow] = await db.select({ value: count() }).from(variants);
  return { products: productRow?.value ?? 0, variants: variantRow?.value ?? 0 };
}
