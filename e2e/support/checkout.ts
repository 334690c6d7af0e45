// What a shopper does with the cart and at checkout, through the storefront's
// pages only: add the product on screen to the cart, read the header's count
// and the cart's lines, fill in a delivery address and the card fields. The
// stock of a variant is read from the API, as any client of the shop would.
import assert from "node:assert/strict";

import type { Locator } from "playwright-core";

import type { Shopper } from "./journey.js";
import type { Shop } from "./shop.js";

/** The simulated card processor's numbers (docs/payments.md). */
export const testCards = {
  accepted: "4242424242424242",
  declined: "4000000000000002",
} as const;

/** The labels of the checkout's address form, by the field they fill. */
export const addressLabels = {
  name: "Full name",
  line1: "Address line 1",
  line2: "Address line 2 (optional)",
  city: "Town or city",
  region: "County, state or province (optional)",
  postal_code: "Postcode or ZIP code",
  country: "Country",
  phone: "Phone number for the carrier (optional)",
} as const;

/** A delivery address as the form takes it, with `country` as an ISO code. */
export type DeliveryAddress = Partial<
  Record<keyof typeof addressLabels, string>
>;

/** The labels of the review page's card fields, by the field they fill. */
export const cardLabels = {
  number: "Card number",
  expiryMonth: "Expiry month",
  expiryYear: "Expiry year",
  cvc: "Security code",
} as const;

/** A line of the cart page as the shopper reads it. */
export interface CartLineText {
  name: string;
  /** "Size: M, Color: Navy", or empty for a product without options. */
  options: string;
  quantity: string;
}

/** Reads the unit count of the header's cart link. */
export async function cartCount(shopper: Shopper): Promise<number> {
  const text = await shopper.page.locator(".site-cart__count").innerText();
  return Number(text.trim());
}

/**
 * Types `quantity` on the product page on screen, whose variant is chosen,
 * and adds it to the cart. The shopper comes back to the product page.
 */
export async function addToCart(
  shopper: Shopper,
  quantity: number,
): Promise<void> {
  await shopper.fillIn("Quantity", String(quantity));
  await shopper.pressButton("Add to cart");
  const [flash] = await shopper.flashMessages();
  assert.match(flash ?? "", new RegExp(`^Added ${quantity} × `));
}

/** Returns the cart page's line whose product name is `name`. */
export function cartLine(shopper: Shopper, name: string): Locator {
  return shopper.page
    .locator(".cart-line")
    .filter({ has: shopper.page.getByRole("link", { name, exact: true }) });
}

/** Reads the lines of the cart page, in page order. */
export async function readCartLines(shopper: Shopper): Promise<CartLineText[]> {
  const lines: CartLineText[] = [];
  for (const line of await shopper.page.locator(".cart-line").all()) {
    const options = line.locator(".cart-line__options");
    lines.push({
      name: (await line.locator(".cart-line__name").innerText()).trim(),
      options:
        (await options.count()) === 0 ? "" : (await options.innerText()).trim(),
      quantity: await line.getByRole("spinbutton").inputValue(),
    });
  }
  return lines;
}

/** Fills in the fields of `address` on the checkout's address form. */
export async function fillInAddress(
  shopper: Shopper,
  address: DeliveryAddress,
): Promise<void> {
  for (const [field, label] of Object.entries(addressLabels)) {
    const value = address[field as keyof typeof addressLabels];
    if (value === undefined) continue;
    if (field === "country") await shopper.field(label).selectOption(value);
    else await shopper.fillIn(label, value);
  }
}

/** Returns an expiry date in the future: December of next year. */
export function futureCardExpiry(): { month: string; year: string } {
  return { month: "12", year: String(new Date().getUTCFullYear() + 1) };
}

/** Fills in the review page's card fields with `number`. */
export async function fillInCard(
  shopper: Shopper,
  number: string,
): Promise<void> {
  const expiry = futureCardExpiry();
  await shopper.fillIn(cardLabels.number, number);
  await shopper.fillIn(cardLabels.expiryMonth, expiry.month);
  await shopper.fillIn(cardLabels.expiryYear, expiry.year);
  await shopper.fillIn(cardLabels.cvc, "123");
}

/** Reads the order number that the confirmation page shows. */
export async function confirmedOrderNumber(shopper: Shopper): Promise<string> {
  const number = shopper.page.locator(".order-confirmation__number strong");
  const text = (await number.innerText()).trim();
  assert.match(text, /^[A-Za-z0-9]{10}$/, "order number");
  return text;
}

interface ProductVariantStock {
  sku: string;
  stock_on_hand: number;
}

/**
 * Reads the stock on hand of the variant `sku` of product `slug` from the
 * API's public product page (`GET /api/v1/products/{slug}`).
 */
export async function readVariantStock(
  shop: Shop,
  slug: string,
  sku: string,
): Promise<number> {
  const url = `${shop.stack.apiUrl}/api/v1/products/${encodeURIComponent(slug)}`;
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  const product = (await response.json()) as {
    variants: ProductVariantStock[];
  };
  const variant = product.variants.find((candidate) => candidate.sku === sku);
  assert.ok(variant !== undefined, `product ${slug} has no variant ${sku}`);
  return variant.stock_on_hand;
}
