// Carts of guests and of signed-in users. Every write runs in a transaction
// that first locks the cart row (SELECT ... FOR UPDATE), so parallel writes
// to one cart run one after another and none is lost. Prices are never
// trusted from the cart: each response is priced from the catalog.
import { randomUUID } from "node:crypto";

import type { Database } from "../../db/client.js";
import {
  AppError,
  AppErrorWithMembers,
  invalidField,
  notFound,
} from "../../errors.js";
import {
  generateCartToken,
  hashCartToken,
  isWellFormedCartToken,
} from "./cart-token.js";
import {
  getShippingMethodOrThrow,
  priceForCheckout,
  priceLines,
  type CheckoutPricing,
  type PricingSettings,
} from "../checkout/checkout-pricing.js";
import { buildCartView, maxLineQuantity, type CartView } from "./cart-view.js";
import {
  deleteCart,
  deleteCartItem,
  findCartItem,
  findCartItemByVariant,
  findFirstImages,
  findGuestCart,
  findSellableVariant,
  findUserCart,
  insertCartItem,
  insertGuestCart,
  insertUserCartIfMissing,
  listCartLines,
  touchCart,
  updateCartItem,
  type CartLineRow,
  type CartRow,
  type SellableVariant,
} from "./carts.queries.js";
import { mergeLines, type MergeNotice } from "./cart-merge.js";

/** The owner of the cart a request acts on: a guest, proven by the cart token, or a user. */
export type CartOwner =
  | { kind: "guest"; cartId: string; token: string | undefined }
  | { kind: "user"; userId: string };

export interface CartServiceDependencies {
  db: Database;
  now: () => Date;
  settings: PricingSettings;
}

/**
 * The checkout choices to price a cart with, as codes. Without a method
 * the cheapest is priced, and without a coupon code there is no discount.
 */
export interface CartPricingRequest {
  shippingMethod?: string | undefined;
  couponCode?: string | undefined;
}

export interface CartService {
  createGuestCart(): Promise<{ cart: CartView; token: string }>;
  /**
   * Loads a cart priced from the catalog. With `pricing`, which only a
   * user's cart takes, its totals are what POST /orders would charge now.
   */
  getCart(owner: CartOwner, pricing?: CartPricingRequest): Promise<CartView>;
  addItem(
    owner: CartOwner,
    item: { variantId: string; quantity: number },
  ): Promise<CartView>;
  updateItem(
    owner: CartOwner,
    itemId: string,
    quantity: number,
  ): Promise<CartView>;
  removeItem(owner: CartOwner, itemId: string): Promise<CartView>;
  mergeGuestCart(
    userId: string,
    guest: { cartId: string; token: string },
  ): Promise<{ cart: CartView; notices: MergeNotice[] }>;
}

const uuidPattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function cartNotFound(cartId: string): AppError {
  return notFound("cart", cartId);
}

function itemNotFound(itemId: string): AppError {
  return notFound("cart line item", itemId);
}

/**
 * Loads a guest cart whose token matches, optionally locking it. Throws
 * NOT_FOUND for an unknown id, a malformed id and a missing or wrong token
 * alike, so the answer reveals nothing about other carts.
 */
async function getGuestCartOrThrow(
  db: Database,
  owner: { cartId: string; token: string | undefined },
  options: { forUpdate?: boolean } = {},
): Promise<CartRow> {
  const { cartId, token } = owner;
  if (!uuidPattern.test(cartId) || !isWellFormedCartToken(token)) {
    throw cartNotFound(cartId);
  }
  const cart = await findGuestCart(db, cartId, hashCartToken(token), options);
  if (!cart) throw cartNotFound(cartId);
  return cart;
}

/** Loads the user's cart, creating it on first use, optionally locked. */
export async function getOrCreateUserCart(
  db: Database,
  userId: string,
  options: { forUpdate?: boolean; now: Date },
): Promise<CartRow> {
  const existing = await findUserCart(db, userId, options);
  if (existing) return existing;
  await insertUserCartIfMissing(db, {
    id: randomUUID(),
    userId,
    now: options.now,
  });
  const cart = await findUserCart(db, userId, options);
  if (!cart) throw new Error("the user's cart vanished after its insert");
  return cart;
}

function lockCart(db: Database, owner: CartOwner, now: Date): Promise<CartRow> {
  return owner.kind === "guest"
    ? getGuestCartOrThrow(db, owner, { forUpdate: true })
    : getOrCreateUserCart(db, owner.userId, { forUpdate: true, now });
}

/**
 * Loads a variant that can go into a cart. Throws NOT_FOUND for an unknown
 * variant and VARIANT_UNAVAILABLE for an inactive one.
 */
async function getSellableVariantOrThrow(
  db: Database,
  variantId: string,
): Promise<SellableVariant> {
  const variant = uuidPattern.test(variantId)
    ? await findSellableVariant(db, variantId)
    : undefined;
  if (!variant) throw notFound("variant", variantId);
  if (!variant.isSellable) {
    throw new AppError(
      "VARIANT_UNAVAILABLE",
      `Variant ${variantId} is no longer sold: remove it or choose another variant.`,
    );
  }
  return variant;
}

function assertQuantityWithinMaximum(quantity: number, inCart: number): void {
  if (quantity <= maxLineQuantity) return;
  throw invalidField(
    "quantity",
    `would make the line ${quantity}, but a line holds at most ${maxLineQuantity} units (the cart has ${inCart}).`,
  );
}

/** Throws INSUFFICIENT_STOCK, with `available`, when stock cannot cover it. */
export function assertStockCovers(
  variant: { id: string; stockOnHand: number },
  quantity: number,
): void {
  if (quantity <= variant.stockOnHand) return;
  const available = variant.stockOnHand;
  const message = `quantity ${quantity} is more than the ${available} in stock.`;
  throw new AppErrorWithMembers(
    "INSUFFICIENT_STOCK",
    `Only ${available} of variant ${variant.id} ${available === 1 ? "is" : "are"} available: lower the quantity to ${available} or less.`,
    { available, variant_id: variant.id },
    [{ field: "quantity", message }],
  );
}

/** Builds the cart service. */
export function createCartService(deps: CartServiceDependencies): CartService {
  const { db } = deps;

  /**
   * Prices the lines as checkout does. A coupon needs the cart's user,
   * because its limits count per customer, so guest carts take none.
   */
  async function priceCart(
    tx: Database,
    cart: CartRow,
    lines: readonly CartLineRow[],
    request: CartPricingRequest,
  ): Promise<CheckoutPricing> {
    const shippingMethod =
      request.shippingMethod === undefined
        ? undefined
        : getShippingMethodOrThrow(request.shippingMethod);
    if (cart.userId === null) {
      if (request.couponCode !== undefined) {
        throw new Error("a guest cart cannot be priced with a coupon");
      }
      return priceLines(lines, { shippingMethod }, deps.settings.tax);
    }
    return priceForCheckout(
      tx,
      lines,
      { shippingMethod, couponCode: request.couponCode },
      { userId: cart.userId, now: deps.now(), settings: deps.settings },
    );
  }

  async function presentState(
    tx: Database,
    cart: CartRow,
    pricing: CartPricingRequest = {},
  ): Promise<CartView> {
    const lines = await listCartLines(tx, cart.id);
    const images = await findFirstImages(tx, [
      ...new Set(lines.map((line) => line.productId)),
    ]);
    const priced = await priceCart(tx, cart, lines, pricing);
    return buildCartView(cart, lines, images, priced, deps.settings);
  }

  /** Runs `change` with the cart locked and returns the cart afterwards. */
  function changeCart(
    owner: CartOwner,
    change: (tx: Database, cart: CartRow, now: Date) => Promise<void>,
  ): Promise<CartView> {
    const now = deps.now();
    return db.transaction(async (tx) => {
      const cart = await lockCart(tx, owner, now);
      await change(tx, cart, now);
      await touchCart(tx, cart.id, now);
      return presentState(tx, { ...cart, updatedAt: now });
    });
  }

  async function createGuestCart(): Promise<{ cart: CartView; token: string }> {
    const token = generateCartToken();
    const cart = await insertGuestCart(db, {
      id: randomUUID(),
      tokenHash: hashCartToken(token),
      now: deps.now(),
    });
    return { cart: await presentState(db, cart), token };
  }

  async function getCart(
    owner: CartOwner,
    pricing: CartPricingRequest = {},
  ): Promise<CartView> {
    const cart =
      owner.kind === "guest"
        ? await getGuestCartOrThrow(db, owner)
        : await getOrCreateUserCart(db, owner.userId, { now: deps.now() });
    return presentState(db, cart, pricing);
  }

  /**
   * Adds units of a variant, to its existing line when there is one. Throws
   * NOT_FOUND (cart or variant), VARIANT_UNAVAILABLE, VALIDATION_FAILED past
   * the line maximum and INSUFFICIENT_STOCK past the stock on hand.
   */
  function addItem(
    owner: CartOwner,
    item: { variantId: string; quantity: number },
  ): Promise<CartView> {
    return changeCart(owner, async (tx, cart, now) => {
      const variant = await getSellableVariantOrThrow(tx, item.variantId);
      const line = await findCartItemByVariant(tx, cart.id, variant.id);
      const inCart = line?.quantity ?? 0;
      const quantity = inCart + item.quantity;
      assertQuantityWithinMaximum(quantity, inCart);
      assertStockCovers(variant, quantity);
      if (line) {
        await updateCartItem(tx, line.id, {
          quantity,
          recordedUnitPrice: variant.price,
          now,
        });
        return;
      }
      await insertCartItem(tx, {
        id: randomUUID(),
        cartId: cart.id,
        variantId: variant.id,
        quantity,
        recordedUnitPrice: variant.price,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  /**
   * Sets a line's quantity and records the current price. Throws like
   * addItem, and NOT_FOUND for a line of another cart.
   */
  function updateItem(
    owner: CartOwner,
    itemId: string,
    quantity: number,
  ): Promise<CartView> {
    return changeCart(owner, async (tx, cart, now) => {
      const line = uuidPattern.test(itemId)
        ? await findCartItem(tx, cart.id, itemId)
        : undefined;
      if (!line) throw itemNotFound(itemId);
      const variant = await getSellableVariantOrThrow(tx, line.variantId);
      assertQuantityWithinMaximum(quantity, line.quantity);
      assertStockCovers(variant, quantity);
      await updateCartItem(tx, line.id, {
        quantity,
        recordedUnitPrice: variant.price,
        now,
      });
    });
  }

  /** Deletes a line. Throws NOT_FOUND for a line of another cart. */
  function removeItem(owner: CartOwner, itemId: string): Promise<CartView> {
    return changeCart(owner, async (tx, cart) => {
      const isDeleted =
        uuidPattern.test(itemId) && (await deleteCartItem(tx, cart.id, itemId));
      if (!isDeleted) throw itemNotFound(itemId);
    });
  }

  /**
   * Moves a guest cart's lines into the user's cart, adding quantities and
   * capping each at the stock on hand and the line maximum, then deletes
   * the guest cart. A guest cart that is gone (merged already, or a wrong
   * token) leaves the user's cart unchanged and returns it with no notices,
   * so the call is safe to repeat.
   */
  async function mergeGuestCart(
    userId: string,
    guest: { cartId: string; token: string },
  ): Promise<{ cart: CartView; notices: MergeNotice[] }> {
    const now = deps.now();
    return db.transaction(async (tx) => {
      const userCart = await getOrCreateUserCart(tx, userId, {
        forUpdate: true,
        now,
      });
      const guestCart = await getGuestCartOrThrow(
        tx,
        { cartId: guest.cartId, token: guest.token },
        { forUpdate: true },
      ).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "NOT_FOUND") {
          return undefined;
        }
        throw error;
      });
      if (!guestCart) {
        return { cart: await presentState(tx, userCart), notices: [] };
      }

      const notices = await mergeLines(tx, {
        from: await listCartLines(tx, guestCart.id),
        into: await listCartLines(tx, userCart.id),
        cartId: userCart.id,
        now,
      });
      await deleteCart(tx, guestCart.id);
      await touchCart(tx, userCart.id, now);
      const cart = await presentState(tx, { ...userCart, updatedAt: now });
      return { cart, notices };
    });
  }

  return {
    createGuestCart,
    getCart,
    addItem,
    updateItem,
    removeItem,
    mergeGuestCart,
  };
}
