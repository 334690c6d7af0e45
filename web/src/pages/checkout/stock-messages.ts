// The messages the cart page shows when the API refused an order because of
// the cart: empty, or lines out of stock or no longer sold. The API names
// every failing line in `errors` (field `items[<line id>]`) with a sentence
// for it; each message here starts with the line's product name.
import type { Cart } from "../../api/carts.js";
import type { Problem } from "../../api/client.js";
import { capitalize } from "../cart/cart-view.js";

const lineFieldPattern = /^items\[([^\]]+)\]$/;

/** Returns the sentence of an API line error without its field name. */
function stripFieldName(field: string, message: string): string {
  const prefix = `${field} `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/**
 * Returns one message per failing line of a refused order, after a first
 * one saying that nothing was ordered.
 */
export function stockFailureMessages(
  problem: Problem | undefined,
  cart: Cart | undefined,
): string[] {
  if (problem?.code === "CART_EMPTY") {
    return ["Your cart is empty, so no order was placed."];
  }
  const namesByLine = new Map(
    (cart?.items ?? []).map((line) => [line.id, line.product_name]),
  );
  const lineMessages = (problem?.errors ?? []).map((error) => {
    const lineId = lineFieldPattern.exec(error.field)?.[1];
    const name = lineId === undefined ? undefined : namesByLine.get(lineId);
    const sentence = stripFieldName(error.field, error.message);
    return name === undefined ? capitalize(sentence) : `${name}: ${sentence}`;
  });
  return [
    "Your order was not placed and nothing was charged, because some items cannot be ordered as they are.",
    ...lineMessages,
  ];
}
