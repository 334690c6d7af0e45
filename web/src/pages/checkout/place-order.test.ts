// Placing the order through real HTTP when something goes wrong: declined
// cards, a card the API rejects, the same form sent twice, a changed
// total, an unknown coupon, a reused Idempotency-Key and stock taken by
// another shopper. None of them may end in a 500 or in a second order.
// The review page's coupon form is tested with codes the API rejects,
// because these tests cannot create coupons: the API has no endpoint for
// that and its database is open in the API process. The API's tests check
// that a priced cart with a valid coupon costs what the order charges.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  signInToApi,
} from "../../test/accounts.js";
import { elementText, type TestBrowser } from "../../test/browser.js";
import {
  addToCartThroughWeb,
  cardFields,
  completeSteps,
  countOrdersAtApi,
  fetchProduct,
  inputValue,
  openReview,
  orderNumberOf,
  placeOrderAtApi,
  postForm,
  postReview,
  postStep,
  readReviewFields,
  testCards,
  typedAddress,
  type ApiProduct,
} from "../../test/checkout.js";
import {
  readSessionData,
  sealSessionData,
  testSessionSecret,
} from "../../test/session-cookie.js";
import { startStack } from "../../test/stack.js";

const runId = Date.now().toString(36);

const stack = await startStack({
  apiEnv: { RATE_LIMITS: "off" },
  // A known cookie key, so that a test can read and change the session.
  webEnv: { WEB_SESSION_SECRET: testSessionSecret },
  catalog: [
    {
      sku: `GLOBE-${runId}`,
      title: "Placing Globe",
      category: "Lighting",
      price: 25,
      stock: 100,
    },
    {
      sku: `VASE-${runId}`,
      title: "Scarce Vase",
      category: "Home",
      price: 20,
      stock: 2,
    },
  ],
});

const globe = await fetchProduct(stack.apiUrl, "placing-globe");
const vase = await fetchProduct(stack.apiUrl, "scarce-vase");

interface Shopper {
  browser: TestBrowser;
  accessToken: string;
}

/**
 * Returns a signed-in shopper at the review step, with `quantity` of
 * `product` in the cart, paying with `paymentMethod`.
 */
async function buildShopperAtReview(
  options: {
    product?: ApiProduct;
    quantity?: number;
    paymentMethod?: string;
  } = {},
): Promise<Shopper> {
  const account = buildAccount();
  const browser = await buildSignedInBrowser(stack.webUrl, account);
  await addToCartThroughWeb(
    browser,
    options.product ?? globe,
    options.quantity ?? 1,
  );
  await completeSteps(browser, {
    address: typedAddress,
    shippingMethod: "standard",
    paymentMethod: options.paymentMethod ?? "test_card",
  });
  const tokens = await signInToApi(
    stack.apiUrl,
    account.email,
    account.password,
  );
  return { browser, accessToken: tokens.access_token };
}

describe("declined cards", () => {
  test("shows a decline next to the card number", async () => {
    const { browser, accessToken } = await buildShopperAtReview();
    const review = await openReview(browser);

    const response = await postReview(browser, {
      ...review.hidden,
      ...cardFields(testCards.declined),
      coupon_code: "",
    });
    const html = await response.text();

    assert.equal(response.status, 402);
    assert.match(
      elementText(html, "field-card_number-error") ?? "",
      /The card was declined\. Try another card or choose cash on delivery/,
    );
    assert.match(html, /<a href="#field-card_number">The card was declined/);
    assert.equal(inputValue(html, "card_number"), "");
    assert.equal(inputValue(html, "card_cvc"), "");
    assert.equal(inputValue(html, "card_exp_month"), "12");
    assert.equal(
      inputValue(html, "idempotency_key"),
      review.hidden.idempotency_key,
    );
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 0);
  });

  test("names insufficient funds", async () => {
    const { browser, accessToken } = await buildShopperAtReview();
    const review = await openReview(browser);

    const response = await postReview(browser, {
      ...review.hidden,
      ...cardFields(testCards.insufficientFunds),
    });
    const html = await response.text();

    assert.equal(response.status, 402);
    assert.match(
      elementText(html, "field-card_number-error") ?? "",
      /declined for insufficient funds/,
    );
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 0);
  });

  test("shows the API's card check next to the field", async () => {
    const { browser, accessToken } = await buildShopperAtReview();
    const review = await openReview(browser);

    const response = await postReview(browser, {
      ...review.hidden,
      // Fails the Luhn check, which only the API makes.
      ...cardFields("4242 4242 4242 4241"),
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      elementText(html, "field-card_number-error") ?? "",
      /Card number/,
    );
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 0);
  });
});

describe("the same form sent twice", () => {
  test("places one order for two parallel posts", async () => {
    const { browser, accessToken } = await buildShopperAtReview();
    const review = await openReview(browser);
    const fields = { ...review.hidden, ...cardFields(testCards.accepted) };

    const [first, second] = await Promise.all([
      postReview(browser, fields),
      postReview(browser.fork(), fields),
    ]);

    assert.equal(first.status, 303);
    assert.equal(second.status, 303);
    assert.equal(first.headers.get("location"), second.headers.get("location"));
    orderNumberOf(first.headers.get("location"));
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 1);
  });

  test("shows the order again for a later repeat", async () => {
    const { browser, accessToken } = await buildShopperAtReview({
      paymentMethod: "cash_on_delivery",
    });
    const review = await openReview(browser);
    const before = browser.fork();

    const placed = await postReview(browser, review.hidden);
    // The same session, after the order: the session stores the key.
    const again = await postReview(browser, review.hidden);
    // A copy of the session from before the order: the API stores the key.
    const replayed = await postReview(before, review.hidden);

    const location = placed.headers.get("location");
    orderNumberOf(location);
    assert.equal(again.status, 303);
    assert.equal(again.headers.get("location"), location);
    assert.equal(replayed.status, 303);
    assert.equal(replayed.headers.get("location"), location);
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 1);
  });
});

describe("refused orders", () => {
  test("shows a changed total with a fresh expected total", async () => {
    const { browser, accessToken } = await buildShopperAtReview({
      paymentMethod: "cash_on_delivery",
    });
    const review = await openReview(browser);

    const response = await postReview(browser, {
      ...review.hidden,
      // The page was shown with another total, as after a price change.
      expected_total: "1",
    });
    const html = await response.text();
    const fields = readReviewFields(html);

    assert.equal(response.status, 409);
    assert.match(html, /The total has changed since this page was shown/);
    // 25.00 + 4.99 standard shipping, tax included.
    assert.match(html, /The new total is <strong>\$29\.99<\/strong>/);
    assert.equal(fields.expected_total, "2999");
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 0);

    const confirmed = await postReview(browser, fields);
    assert.equal(confirmed.status, 303);
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 1);
  });

  test("shows a coupon rejected at placement", async () => {
    const { browser, accessToken } = await buildShopperAtReview({
      paymentMethod: "cash_on_delivery",
    });
    const review = await openReview(browser);

    // A form whose coupon the API rejects now, as after its last use.
    const response = await postReview(browser, {
      ...review.hidden,
      applied_coupon_code: "NOSUCHCODE",
    });
    const html = await response.text();
    const fields = readReviewFields(html);

    assert.equal(response.status, 409);
    assert.match(
      elementText(html, "field-coupon_code-error") ?? "",
      /Coupon code is not a valid code/,
    );
    assert.equal(inputValue(html, "coupon_code"), "NOSUCHCODE");
    // The form shown again places the order without the coupon.
    assert.equal(fields.applied_coupon_code, "");
    assert.equal(fields.expected_total, review.hidden.expected_total);
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 0);
  });

  test("renews a key used for another order", async () => {
    const { browser, accessToken } = await buildShopperAtReview({
      paymentMethod: "cash_on_delivery",
    });
    const firstReview = await openReview(browser);
    // A second tab, opened before the order, goes on with other choices.
    const otherTab = browser.fork();
    const placed = await postReview(browser, firstReview.hidden);
    assert.equal(placed.status, 303);
    await addToCartThroughWeb(otherTab, globe, 2);
    await postStep(otherTab, "/checkout/shipping", {
      shipping_method: "express",
    });
    const secondReview = await openReview(otherTab);

    // The second tab sends the first form's key with its own choices.
    const response = await postReview(otherTab, {
      ...secondReview.hidden,
      idempotency_key: firstReview.hidden.idempotency_key,
    });
    const html = await response.text();
    const fields = readReviewFields(html);

    assert.equal(response.status, 422);
    assert.match(html, /already used to place an order with different details/);
    assert.notEqual(fields.idempotency_key, firstReview.hidden.idempotency_key);
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 1);

    const retried = await postReview(otherTab, fields);
    assert.equal(retried.status, 303);
    assert.notEqual(
      retried.headers.get("location"),
      placed.headers.get("location"),
    );
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 2);
  });

  test("sends a stock failure back to the cart", async () => {
    const { browser, accessToken } = await buildShopperAtReview({
      product: vase,
      quantity: 2,
      paymentMethod: "cash_on_delivery",
    });
    const review = await openReview(browser);
    // Another shopper buys one of the two vases first.
    const rival = buildAccount();
    await buildSignedInBrowser(stack.webUrl, rival);
    const rivalTokens = await signInToApi(
      stack.apiUrl,
      rival.email,
      rival.password,
    );
    await placeOrderAtApi(stack.apiUrl, rivalTokens.access_token, {
      variantId: vase.variants[0]?.id ?? "",
      quantity: 1,
      paymentMethod: "cash_on_delivery",
    });

    const response = await postReview(browser, review.hidden);
    const { html } = await browser.page("/cart");
    const again = await browser.get("/checkout");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/cart");
    assert.match(html, /Your order was not placed and nothing was charged/);
    assert.match(
      html,
      /Scarce Vase: asks for 2 of VASE-[a-z0-9]+, but only 1 is in stock\./,
    );
    assert.equal(await countOrdersAtApi(stack.apiUrl, accessToken), 0);
    // The cart still blocks checkout until the line changes.
    assert.equal(again.status, 303);
    assert.equal(again.headers.get("location"), "/cart");
    const blocked = await browser.page("/cart");
    assert.match(
      blocked.html,
      /Some items in your cart cannot be ordered as they are/,
    );
  });
});

/** Returns the session data of `browser`'s session cookie. */
function readSession(browser: TestBrowser): Promise<Record<string, unknown>> {
  return readSessionData(
    browser.cookies.get("bazaar_session") ?? "",
    testSessionSecret,
  );
}

/** Returns the checkout state in `browser`'s session. */
async function readCheckoutState(
  browser: TestBrowser,
): Promise<Record<string, unknown>> {
  const session = await readSession(browser);
  return (session.checkout ?? {}) as Record<string, unknown>;
}

/**
 * Stores `couponCode` as the applied coupon in `browser`'s session, as if
 * it had been applied before the API stopped accepting it.
 */
async function storeAppliedCoupon(
  browser: TestBrowser,
  couponCode: string,
): Promise<void> {
  const session = await readSession(browser);
  const checkout = (session.checkout ?? {}) as Record<string, unknown>;
  const sealed = await sealSessionData(
    { ...session, checkout: { ...checkout, couponCode } },
    testSessionSecret,
  );
  browser.cookies.set("bazaar_session", sealed);
}

describe("coupon form", () => {
  test("shows an unknown code next to its field", async () => {
    const { browser } = await buildShopperAtReview({
      paymentMethod: "cash_on_delivery",
    });
    const review = await openReview(browser);

    const response = await postForm(browser, "/checkout/review/coupon", {
      _csrf: review.hidden._csrf,
      coupon_code: " nosuchcode ",
    });
    const html = await response.text();
    const fields = readReviewFields(html);

    assert.equal(response.status, 400);
    assert.match(html, /<title>Error: Review and place your order/);
    assert.match(
      elementText(html, "field-coupon_code-error") ?? "",
      /Coupon code is not a valid code\./,
    );
    assert.match(html, /<a href="#field-coupon_code">Coupon code is not/);
    assert.equal(inputValue(html, "coupon_code"), " nosuchcode ");
    assert.equal(fields.applied_coupon_code, "");
    assert.equal(fields.expected_total, review.hidden.expected_total);
    assert.equal((await readCheckoutState(browser)).couponCode, undefined);
  });

  test("asks for a code when blank", async () => {
    const { browser } = await buildShopperAtReview();
    const review = await openReview(browser);

    const response = await postForm(browser, "/checkout/review/coupon", {
      _csrf: review.hidden._csrf,
      coupon_code: "  ",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      elementText(html, "field-coupon_code-error") ?? "",
      /Enter a coupon code/,
    );
  });

  test("rejects a code that is too long", async () => {
    const { browser } = await buildShopperAtReview();
    const review = await openReview(browser);
    const longCode = "X".repeat(51);

    const response = await postForm(browser, "/checkout/review/coupon", {
      _csrf: review.hidden._csrf,
      coupon_code: longCode,
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      elementText(html, "field-coupon_code-error") ?? "",
      /Coupon code must be 50 characters or fewer/,
    );
    assert.equal(inputValue(html, "coupon_code"), longCode);
  });

  test("requires the CSRF token", async () => {
    const { browser } = await buildShopperAtReview();
    await openReview(browser);

    const response = await postForm(browser, "/checkout/review/coupon", {
      coupon_code: "SAVE10",
    });

    assert.equal(response.status, 403);
  });

  test("drops a stored coupon the API rejects", async () => {
    const { browser } = await buildShopperAtReview({
      paymentMethod: "cash_on_delivery",
    });
    const before = await openReview(browser);
    await storeAppliedCoupon(browser, "GONE10");

    const shipping = await browser.page("/checkout/shipping");
    const review = await openReview(browser);

    // The shipping step prices the methods without the rejected coupon.
    assert.equal(shipping.status, 200);
    assert.match(
      shipping.html,
      /Standard delivery\s*<span class="radios__price">\$4\.99/,
    );
    assert.match(
      elementText(review.html, "field-coupon_code-error") ?? "",
      /Coupon code is not a valid code/,
    );
    assert.equal(inputValue(review.html, "coupon_code"), "GONE10");
    assert.equal(review.hidden.applied_coupon_code, "");
    assert.equal(review.hidden.expected_total, before.hidden.expected_total);
    assert.equal((await readCheckoutState(browser)).couponCode, undefined);
    const placed = await postReview(browser, review.hidden);
    assert.equal(placed.status, 303);
    orderNumberOf(placed.headers.get("location"));
  });

  test("removes the applied coupon", async () => {
    const { browser } = await buildShopperAtReview();
    const review = await openReview(browser);
    await storeAppliedCoupon(browser, "GONE10");

    const response = await postForm(browser, "/checkout/review/coupon/remove", {
      _csrf: review.hidden._csrf,
    });
    const { html } = await browser.page("/checkout/review");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/checkout/review");
    assert.equal((await readCheckoutState(browser)).couponCode, undefined);
    assert.match(html, /Coupon GONE10 removed\./);
    assert.doesNotMatch(html, /field-coupon_code-error/);
  });
});
