// Checkout helpers for the web's tests: products read from the API, carts
// filled through the product page's form, the checkout steps taken through
// the web's forms, and the review form's hidden fields, so tests can post it
// as a browser does. Orders that only set up a test go straight to the API.
import assert from "node:assert/strict";

import type { TestBrowser } from "./browser.js";

export interface ApiVariant {
  id: string;
  sku: string;
  stock_on_hand: number;
}

export interface ApiProduct {
  slug: string;
  name: string;
  variants: ApiVariant[];
}

/** The simulated card processor's numbers, as docs/payments.md lists them. */
export const testCards = {
  accepted: "4242 4242 4242 4242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
};

/** Returns the review form's card fields for `number`, valid for 3 years. */
export function cardFields(number: string): Record<string, string> {
  return {
    card_number: number,
    card_exp_month: "12",
    card_exp_year: String(new Date().getUTCFullYear() + 3),
    card_cvc: "123",
  };
}

/** A typed address that passes the web's and the API's checks. */
export const typedAddress = {
  address_choice: "new",
  name: "Ada Lovelace",
  line1: "12 Analytical Row",
  line2: "Flat 3",
  city: "London",
  region: "Greater London",
  postal_code: "N1 9GU",
  country: "GB",
  phone: "+44 20 7946 0958",
};

/** The same address as the API's `shipping_address` takes it. */
const apiAddress = {
  name: typedAddress.name,
  line1: typedAddress.line1,
  line2: typedAddress.line2,
  city: typedAddress.city,
  region: typedAddress.region,
  postal_code: typedAddress.postal_code,
  country: typedAddress.country,
  phone: typedAddress.phone,
};

/** Reads a product and its variants from the API. */
export async function fetchProduct(
  apiUrl: string,
  slug: string,
): Promise<ApiProduct> {
  const response = await fetch(`${apiUrl}/api/v1/products/${slug}`);
  assert.equal(response.status, 200, `GET /api/v1/products/${slug}`);
  return (await response.json()) as ApiProduct;
}

/** Returns the only variant of a single-variant product. */
export function onlyVariant(product: ApiProduct): ApiVariant {
  const variant = product.variants[0];
  assert.ok(variant, `${product.slug} has a variant`);
  return variant;
}

/** Adds `quantity` units through the product page's form. */
export async function addToCartThroughWeb(
  browser: TestBrowser,
  product: ApiProduct,
  quantity: number,
): Promise<void> {
  const response = await browser.post(
    "/cart/items",
    {
      product: product.slug,
      variant_id: onlyVariant(product).id,
      quantity: String(quantity),
    },
    { formPage: `/p/${product.slug}` },
  );
  assert.equal(response.status, 303, `add ${product.slug} to the cart`);
}

/** Posts one checkout step and checks that it moved on. */
export async function postStep(
  browser: TestBrowser,
  path: string,
  fields: Record<string, string>,
): Promise<string> {
  const response = await browser.post(path, fields);
  const body = await response.text();
  assert.equal(response.status, 303, `POST ${path}: ${body.slice(0, 500)}`);
  return response.headers.get("location") ?? "";
}

/** Takes the address, shipping and payment steps through the web's forms. */
export async function completeSteps(
  browser: TestBrowser,
  choices: {
    address: Record<string, string>;
    shippingMethod: string;
    paymentMethod: string;
  },
): Promise<void> {
  await postStep(browser, "/checkout/address", choices.address);
  await postStep(browser, "/checkout/shipping", {
    shipping_method: choices.shippingMethod,
  });
  await postStep(browser, "/checkout/payment", {
    payment_method: choices.paymentMethod,
  });
}

/** Returns the value of the input named `name` in `html`. */
export function inputValue(html: string, name: string): string | undefined {
  const pattern = new RegExp(`name="${name}"[^>]*?value="([^"]*)"`);
  return pattern.exec(html)?.[1];
}

export interface ReviewForm {
  html: string;
  /**
   * The hidden fields: CSRF token, Idempotency-Key, expected total and the
   * applied coupon's code (empty for none).
   */
  hidden: {
    _csrf: string;
    idempotency_key: string;
    expected_total: string;
    applied_coupon_code: string;
  };
}

/** Reads the review page's hidden fields from `html`. */
export function readReviewFields(html: string): ReviewForm["hidden"] {
  const csrf = inputValue(html, "_csrf");
  const key = inputValue(html, "idempotency_key");
  const total = inputValue(html, "expected_total");
  const coupon = inputValue(html, "applied_coupon_code");
  assert.ok(csrf !== undefined, "the review form has a CSRF token");
  assert.ok(key !== undefined, "the review form has an Idempotency-Key");
  assert.ok(total !== undefined, "the review form has an expected total");
  assert.ok(coupon !== undefined, "the review form has the applied coupon");
  return {
    _csrf: csrf,
    idempotency_key: key,
    expected_total: total,
    applied_coupon_code: coupon,
  };
}

/** Opens the review page and reads its hidden fields. */
export async function openReview(browser: TestBrowser): Promise<ReviewForm> {
  const { status, html } = await browser.page("/checkout/review");
  assert.equal(status, 200, html.slice(0, 1000));
  return { html, hidden: readReviewFields(html) };
}

/** Posts the review form as the browser would, with the fields given. */
export function postReview(
  browser: TestBrowser,
  fields: Record<string, string>,
): Promise<Response> {
  return postForm(browser, "/checkout/review", fields);
}

/**
 * Posts `fields` urlencoded to `path` with the web's own Origin, as the
 * browser sends a form of a page; `fields` carry the page's CSRF token.
 */
export function postForm(
  browser: TestBrowser,
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  return browser.request(path, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: browser.baseUrl,
    },
    body: new URLSearchParams(fields),
  });
}

/** Returns the order number of a confirmation page's path. */
export function orderNumberOf(location: string | null): string {
  const number = /^\/orders\/([A-Za-z0-9]+)\/confirmation$/.exec(
    location ?? "",
  )?.[1];
  assert.ok(number, `a confirmation path: ${location}`);
  return number;
}

/** Calls the API with a user's access token and returns status and JSON. */
export async function callApi(
  apiUrl: string,
  accessToken: string,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(init.body === undefined
        ? {}
        : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? null : JSON.parse(text),
  };
}

/** Returns how many orders the API has for the user of `accessToken`. */
export async function countOrdersAtApi(
  apiUrl: string,
  accessToken: string,
): Promise<number> {
  const { status, body } = await callApi(
    apiUrl,
    accessToken,
    "/api/v1/orders?page=1&page_size=100",
  );
  assert.equal(status, 200);
  return (body as { count: number }).count;
}

/** Fills the cart and places an order at the API, as another client would. */
export async function placeOrderAtApi(
  apiUrl: string,
  accessToken: string,
  order: {
    variantId: string;
    quantity: number;
    paymentMethod: "cash_on_delivery" | "test_card";
  },
): Promise<{ number: string; total: number }> {
  const added = await callApi(apiUrl, accessToken, "/api/v1/me/cart/items", {
    method: "POST",
    body: { variant_id: order.variantId, quantity: order.quantity },
  });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  const placed = await callApi(apiUrl, accessToken, "/api/v1/orders", {
    method: "POST",
    headers: { "idempotency-key": crypto.randomUUID() },
    body: {
      shipping_address: apiAddress,
      shipping_method: "standard",
      payment_method: order.paymentMethod,
      ...(order.paymentMethod === "test_card"
        ? {
            card: {
              number: testCards.accepted,
              exp_month: 12,
              exp_year: new Date().getUTCFullYear() + 3,
              cvc: "123",
            },
          }
        : {}),
    },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  return placed.body as { number: string; total: number };
}
