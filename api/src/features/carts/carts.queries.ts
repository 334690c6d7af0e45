import { and, asc, eq, inArray, sql } from "drizzle-orm";

import type { Database } from "../../db/client.js";
import {
  cartItems,
  carts,
  productImages,
  products,
  variants,
} from "../../db/schema.js";

export type CartRow = typeof carts.$inferSelect;
export type CartItemRow = typeof cartItems.$inferSelect;

/** A cart line joined with its variant and product, priced from the catalog. */
export interface CartLineRow {
  id: string;
  variantId: string;
  quantity: number;
  recordedUnitPrice: number;
  createdAt: Date;
  sku: string;
  options: Record<string, string>;
  unitPrice: number;
  stockOnHand: number;
  isVariantActive: boolean;
  isProductActive: boolean;
  productId: string;
  productSlug: string;
  productName: string;
}

/** A variant as a cart needs it; `isSellable` covers its product too. */
export interface SellableVariant {
  id: string;
  price: number;
  stockOnHand: number;
  isSellable: boolean;
}

export async function insertGuestCart(
  db: Database,
  row: { id: string; tokenHash: string; now: Date },
): Promise<CartRow> {
  const [inserted] = await db
    .insert(carts)
    .values({
      id: row.id,
      tokenHash: row.tokenHash,
      createdAt: row.now,
      updatedAt: row.now,
    })
    .returning();
  if (!inserted) throw new Error("INSERT INTO carts returned no row");
  return inserted;
}

/**
 * Finds a guest cart by id and token hash. With `forUpdate` the row stays
 * locked until the transaction ends, which serialises writes to the cart.
 */
export async function findGuestCart(
  db: Database,
  id: string,
  tokenHash: string,
  options: { forUpdate?: boolean } = {},
): Promise<CartRow | undefined> {
  const query = db
    .select()
    .from(carts)
    .where(and(eq(carts.id, id), eq(carts.tokenHash, tokenHash)));
  const [row] = await (options.forUpdate ? query.for("update") : query);
  return row;
}

/**
 * Creates the user's cart unless it exists. ON CONFLICT makes two first
 * requests of one user agree on a single cart.
 */
export async function insertUserCartIfMissing(
  db: Database,
  row: { id: string; userId: string; now: Date },
): Promise<void> {
  await db
    .insert(carts)
    .values({
      id: row.id,
      userId: row.userId,
      createdAt: row.now,
      updatedAt: row.now,
    })
    .onConflictDoNothing({ target: carts.userId });
}

export async function findUserCart(
  db: Database,
  userId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CartRow | undefined> {
  const query = db.select().from(carts).where(eq(carts.userId, userId));
  const [row] = await (options.forUpdate ? query.for("update") : query);
  return row;
}

export async function touchCart(
  db: Database,
  cartId: string,
  now: Date,
): Promise<void> {
  await db.update(carts).set({ updatedAt: now }).where(eq(carts.id, cartId));
}

export async function deleteCart(db: Database, cartId: string): Promise<void> {
  await db.delete(carts).where(eq(carts.id, cartId));
}

/** Lists a cart's lines, oldest first, with current catalog data. */
export function listCartLines(
  db: Database,
  cartId: string,
): Promise<CartLineRow[]> {
  return db
    .select({
      id: cartItems.id,
      variantId: cartItems.variantId,
      quantity: cartItems.quantity,
      recordedUnitPrice: cartItems.recordedUnitPrice,
      createdAt: cartItems.createdAt,
      sku: variants.sku,
      options: variants.options,
      unitPrice: variants.price,
      stockOnHand: variants.stockOnHand,
      isVariantActive: variants.isActive,
      isProductActive: products.isActive,
      productId: products.id,
      productSlug: products.slug,
      productName: products.name,
    })
    .from(cartItems)
    .innerJoin(variants, eq(variants.id, cartItems.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id));
}

/** Returns the first image of each product, keyed by product id. */
export async function findFirstImages(
  db: Database,
  productIds: readonly string[],
): Promise<Map<string, { url: string; alt: string }>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([productImages.productId], {
      productId: productImages.productId,
      url: productImages.url,
      alt: productImages.alt,
    })
    .from(productImages)
    .where(inArray(productImages.productId, [...productIds]))
    .orderBy(productImages.productId, asc(productImages.position));
  return new Map(rows.map((row) => [row.productId, row]));
}

export async function findSellableVariant(
  db: Database,
  variantId: string,
): Promise<SellableVariant | undefined> {
  const [row] = await db
    .select({
      id: variants.id,
      price: variants.price,
      stockOnHand: variants.stockOnHand,
      isSellable: sql<boolean>`${variants.isActive} and ${products.isActive}`,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.id, variantId));
  return row;
}

export async function findCartItem(
  db: Database,
  cartId: string,
  itemId: string,
): Promise<CartItemRow | undefined> {
  const [row] = await db
    .select()
    .from(cartItems)
    .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cartId)));
  return row;
}

export async function findCartItemByVariant(
  db: Database,
  cartId: string,
  variantId: string,
): Promise<CartItemRow | undefined> {
  const [row] = await db
    .select()
    .from(cartItems)
    .where(
      and(eq(cartItems.cartId, cartId), eq(cartItems.variantId, variantId)),
    );
  return row;
}

export async function insertCartItem(
  db: Database,
  row: typeof cartItems.$inferInsert,
): Promise<void> {
  await db.insert(cartItems).values(row);
}

export async function updateCartItem(
  db: Database,
  itemId: string,
  changes: { quantity: number; recordedUnitPrice: number; now: Date },
): Promise<void> {
  await db
    .update(cartItems)
    .set({
      quantity: changes.quantity,
      recordedUnitPrice: changes.recordedUnitPrice,
      updatedAt: changes.now,
    })
    .where(eq(cartItems.id, itemId));
}

/** Deletes one line of a cart; returns false when the cart has no such line. */
export async function deleteCartItem(
  db: Database,
  cartId: string,
  itemId: string,
): Promise<boolean> {
  const deleted = await db
    .delete(cartItems)
    .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cartId)))
    .returning({ id: cartItems.id });
  return deleted.length > 0;
}

export async function deleteCartItems(
  db: Database,
  cartId: string,
): Promise<void> {
  await db.delete(cartItems).where(eq(cartItems.cartId, cartId));
}
