// Merging a guest cart into a user's cart at sign-in. The caller holds the
// locks of both carts.
import { randomUUID } from "node:crypto";

import type { Database } from "../../db/client.js";
import { maxLineQuantity } from "./cart-view.js";
import {
  insertCartItem,
  updateCartItem,
  type CartLineRow,
} from "./carts.queries.js";

/** The reason a guest line did not move over in full. */
export type MergeNoticeReason =
  | "capped_at_stock"
  | "capped_at_maximum"
  | "unavailable";

export interface MergeNotice {
  variantId: string;
  sku: string;
  /** The quantity the two carts held together. */
  requestedQuantity: number;
  /** The quantity now in the user's cart. */
  quantity: number;
  reason: MergeNoticeReason;
  message: string;
}

function describeNotice(
  sku: string,
  quantity: number,
  reason: MergeNoticeReason,
): string {
  switch (reason) {
    case "unavailable":
      return `${sku} is no longer sold, so it was not added.`;
    case "capped_at_stock":
      return `Only ${quantity} of ${sku} ${quantity === 1 ? "is" : "are"} in stock, so the line holds ${quantity}.`;
    case "capped_at_maximum":
      return `A line holds at most ${maxLineQuantity} units, so ${sku} holds ${quantity}.`;
  }
}

/**
 * Adds each guest line to the user's cart and returns a notice for every
 * line that was capped or left out.
 */
export async function mergeLines(
  tx: Database,
  merge: {
    from: readonly CartLineRow[];
    into: readonly CartLineRow[];
    cartId: string;
    now: Date;
  },
): Promise<MergeNotice[]> {
  const notices: MergeNotice[] = [];
  const existingByVariant = new Map(
    merge.into.map((line) => [line.variantId, line]),
  );
  for (const line of merge.from) {
    const existing = existingByVariant.get(line.variantId);
    const requestedQuantity = (existing?.quantity ?? 0) + line.quantity;
    const isSellable = line.isVariantActive && line.isProductActive;
    const cap = Math.min(line.stockOnHand, maxLineQuantity);
    const quantity = isSellable ? Math.min(requestedQuantity, cap) : 0;
    let reason: MergeNoticeReason | undefined;
    if (!isSellable) reason = "unavailable";
    else if (quantity < requestedQuantity) {
      reason =
        line.stockOnHand < maxLineQuantity
          ? "capped_at_stock"
          : "capped_at_maximum";
    }
    if (reason) {
      notices.push({
        variantId: line.variantId,
        sku: line.sku,
        requestedQuantity,
        quantity: Math.max(quantity, existing?.quantity ?? 0),
        reason,
        message: describeNotice(line.sku, quantity, reason),
      });
    }

    // A line is never lowered by a merge, and an empty one is not created.
    if (quantity <= (existing?.quantity ?? 0)) continue;
    const change = {
      quantity,
      recordedUnitPrice: line.unitPrice,
      now: merge.now,
    };
    if (existing) {
      await updateCartItem(tx, existing.id, change);
      continue;
    }
    await insertCartItem(tx, {
      id: randomUUID(),
      cartId: merge.cartId,
      variantId: line.variantId,
      quantity,
      recordedUnitPrice: line.unitPrice,
      createdAt: merge.now,
      updatedAt: merge.now,
    });
  }
  return notices;
}
