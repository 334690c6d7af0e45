// The shopper's cart as the browser session stores it: a guest cart's id and
// secret token, and the number of units that the header shows on every page.
//
// The count is remembered whenever the web reads or changes the cart, rather
// than fetched for every page, so browsing costs no extra API call. A change
// made on another device shows once this browser next opens the cart.
//
// A guest's cart key survives sign-in until its lines have moved into the
// user's cart: when the merge cannot run at sign-in (the API is briefly
// away), the cart page runs it again, so the guest's lines are never lost.
import type { FastifyInstance, FastifyRequest } from "fastify";

import {
  maxLineQuantity,
  type Cart,
  type CartOwner,
  type MergeNotice,
} from "../../api/carts.js";
import { requireApiData } from "../../api/accounts.js";
import { addFlash } from "../../plugins/session.js";
import { describeOptions } from "./cart-view.js";

/** Returns whose cart the request means, or undefined when it has none yet. */
export function cartOwnerOf(request: FastifyRequest): CartOwner | undefined {
  if (request.user !== null) {
    return { kind: "user", accessToken: request.user.accessToken };
  }
  const guest = request.session.get("guestCart");
  return guest === undefined ? undefined : { kind: "guest", cart: guest };
}

/** Remembers the cart's unit count for the header. */
export function rememberCartCount(
  request: FastifyRequest,
  count: number,
): void {
  if (request.session.get("cartCount") !== count) {
    request.session.set("cartCount", count);
  }
}

/** Forgets a guest cart the API no longer finds (merged or expired). */
export function forgetGuestCart(request: FastifyRequest): void {
  request.session.set("guestCart", undefined);
  if (request.user === null) rememberCartCount(request, 0);
}

/**
 * Returns the request's cart owner, opening a guest cart first when a
 * visitor who is not signed in has none.
 */
export async function ensureCartOwner(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<CartOwner> {
  const owner = cartOwnerOf(request);
  if (owner !== undefined) return owner;
  const created = requireApiData(await app.carts.createGuestCart(request.id));
  const cart = { id: created.id, token: created.token };
  request.session.set("guestCart", cart);
  return { kind: "guest", cart };
}

/**
 * Returns the sentence for a guest line that did not move over in full,
 * naming the product and its options rather than the SKU.
 */
export function describeMergeNotice(notice: MergeNotice, cart: Cart): string {
  const line = cart.items.find((item) => item.variant_id === notice.variant_id);
  const options = line === undefined ? "" : describeOptions(line.options);
  const name =
    line === undefined
      ? notice.sku
      : `${line.product_name}${options ? ` (${options})` : ""}`;
  switch (notice.reason) {
    case "capped_at_stock":
      return `Only ${notice.quantity} of ${name} ${notice.quantity === 1 ? "is" : "are"} in stock, so your cart has ${notice.quantity}, not ${notice.requested_quantity}.`;
    case "capped_at_maximum":
      return `A cart line can have at most ${maxLineQuantity} units, so your cart has ${notice.quantity} of ${name}.`;
    case "unavailable":
      return `${name} is no longer sold, so it was not added to your cart.`;
  }
}

/**
 * Moves the guest cart of this browser into the signed-in user's cart, and
 * flashes a notice for each line that could not move over in full. Returns
 * the merged cart, or undefined when there was nothing to merge or the API
 * could not do it now (the key is then kept for another try).
 */
export async function mergeGuestCart(
  app: FastifyInstance,
  request: FastifyRequest,
  accessToken: string,
): Promise<Cart | undefined> {
  const guest = request.session.get("guestCart");
  if (guest === undefined) return undefined;

  const merged = await app.carts.mergeGuestCart(request.id, accessToken, guest);
  if (!merged.ok) {
    // 400 or 404: the guest cart is gone, merged already or never valid.
    if (merged.status === 400 || merged.status === 404) {
      request.session.set("guestCart", undefined);
      return undefined;
    }
    request.log.warn(
      { status: merged.status },
      "guest cart merge failed; kept for another try",
    );
    return undefined;
  }
  request.session.set("guestCart", undefined);
  rememberCartCount(request, merged.data.item_count);
  for (const notice of merged.data.notices ?? []) {
    addFlash(request, {
      kind: "info",
      text: describeMergeNotice(notice, merged.data),
    });
  }
  return merged.data;
}

/**
 * Brings the cart into a session that has just signed in: merges the guest
 * cart, or else reads the user's cart, to show its count in the header. A
 * failure here never fails the sign-in; the cart page tries again.
 */
export async function loadCartAfterSignIn(
  app: FastifyInstance,
  request: FastifyRequest,
  accessToken: string,
): Promise<void> {
  try {
    const merged = await mergeGuestCart(app, request, accessToken);
    if (merged !== undefined) return;
    const cart = await app.carts.getCart(request.id, {
      kind: "user",
      accessToken,
    });
    if (cart.ok) rememberCartCount(request, cart.data.item_count);
  } catch (error) {
    request.log.warn({ err: error }, "cart not loaded after sign-in");
  }
}
