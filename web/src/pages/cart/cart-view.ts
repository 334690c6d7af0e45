// Builds what the cart page shows from the API's priced cart: each line's
// notices in words, whether checkout can start, and the totals' labels.
import type { Cart, CartLine, CartLineFlag } from "../../api/carts.js";
import { productUrl } from "../layout.js";

/** Flags that stop checkout until the shopper changes the line. */
const blockingFlags: ReadonlySet<CartLineFlag> = new Set([
  "out_of_stock",
  "insufficient_stock",
  "inactive",
]);

export interface LineNotice {
  text: string;
  /** True when the line must change before checkout. */
  isBlocking: boolean;
}

export interface CartLineView {
  line: CartLine;
  productUrl: string;
  /** "Size: M, Colour: Blue", or empty for a product without options. */
  optionsText: string;
  notices: LineNotice[];
}

export interface CartView {
  cart: Cart | undefined;
  lines: CartLineView[];
  isEmpty: boolean;
  canCheckout: boolean;
  /** True when the prices contain the tax rather than add it. */
  isTaxIncluded: boolean;
}

/** Returns the sentence the cart shows for one flag of `line`. */
export function describeFlag(flag: CartLineFlag, line: CartLine): string {
  switch (flag) {
    case "out_of_stock":
      return "This item is out of stock. Remove it to check out.";
    case "insufficient_stock":
      return `Only ${line.stock_on_hand} left. Lower the quantity to check out.`;
    case "inactive":
      return "This item is no longer sold. Remove it to check out.";
    case "price_changed":
      return "The price has changed since you added this item.";
  }
}

/** Returns "Size: M, Colour: Blue" for the line's options. */
export function describeOptions(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([name, value]) => `${capitalize(name)}: ${value}`)
    .join(", ");
}

/** Returns `text` with its first letter in upper case. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function buildLineView(line: CartLine): CartLineView {
  return {
    line,
    productUrl: productUrl(line.product_slug),
    optionsText: describeOptions(line.options),
    notices: line.flags.map((flag) => ({
      text: describeFlag(flag, line),
      isBlocking: blockingFlags.has(flag),
    })),
  };
}

/** Returns true when no line of `cart` stops checkout. */
export function isReadyForCheckout(cart: Cart): boolean {
  return (
    cart.items.length > 0 &&
    cart.items.every((line) => !line.flags.some((f) => blockingFlags.has(f)))
  );
}

/** Builds the cart page; `cart` is undefined when the browser has none. */
export function buildCartView(cart: Cart | undefined): CartView {
  if (cart === undefined) {
    return {
      cart,
      lines: [],
      isEmpty: true,
      canCheckout: false,
      isTaxIncluded: true,
    };
  }
  return {
    cart,
    lines: cart.items.map(buildLineView),
    isEmpty: cart.items.length === 0,
    canCheckout: isReadyForCheckout(cart),
    isTaxIncluded: cart.totals.prices_include_tax,
  };
}
