// The checkout steps through real HTTP: a real API on an embedded database
// and a real web process. The tests place orders with a typed address and
// the test card, with an address from the address book and cash on
// delivery, and with express shipping. They also cover each step's checks
// and the guards in front of the steps.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  signInToApi,
} from "../../test/accounts.js";
import { elementText, TestBrowser } from "../../test/browser.js";
import {
  addToCartThroughWeb,
  callApi,
  cardFields,
  completeSteps,
  fetchProduct,
  inputValue,
  openReview,
  orderNumberOf,
  postReview,
  postStep,
  testCards,
  typedAddress,
} from "../../test/checkout.js";
import { findNewestMessage } from "../../test/mailbox.js";
import {
  readSessionData,
  testSessionSecret,
} from "../../test/session-cookie.js";
import { startStack } from "../../test/stack.js";

const runId = Date.now().toString(36);

const stack = await startStack({
  apiEnv: { RATE_LIMITS: "off" },
  // A known cookie key, so that a test can open the session cookie.
  webEnv: { WEB_SESSION_SECRET: testSessionSecret },
  catalog: [
    {
      sku: `LAMP-${runId}`,
      title: "Checkout Lamp",
      category: "Lighting",
      price: 30,
      stock: 20,
    },
    {
      sku: `MUG-${runId}`,
      title: "Checkout Mug",
      category: "Kitchen",
      price: 12,
      stock: 20,
    },
  ],
});

const lamp = await fetchProduct(stack.apiUrl, "checkout-lamp");
const mug = await fetchProduct(stack.apiUrl, "checkout-mug");

/** Returns a signed-in browser with `quantity` of `product` in the cart. */
async function buildShopper(
  product = lamp,
  quantity = 2,
): Promise<TestBrowser> {
  const browser = await buildSignedInBrowser(stack.webUrl);
  await addToCartThroughWeb(browser, product, quantity);
  return browser;
}

describe("checkout guards", () => {
  test("sends a visitor to sign in", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const response = await browser.get("/checkout/review");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/sign-in?next=%2Fcheckout");
    const { html } = await browser.page("/sign-in?next=%2Fcheckout");
    assert.match(html, /Sign in or register to check out/);
  });

  test("sends an empty cart back to the cart", async () => {
    const browser = await buildSignedInBrowser(stack.webUrl);

    const response = await browser.get("/checkout");
    const { html } = await browser.page("/cart");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/cart");
    assert.match(
      html,
      /Your cart is empty\. Add something to it before you check out\./,
    );
  });

  test("starts at the first step not done", async () => {
    const browser = await buildShopper();

    const first = await browser.get("/checkout");
    await postStep(browser, "/checkout/address", typedAddress);
    const second = await browser.get("/checkout");
    const early = await browser.get("/checkout/review");

    assert.equal(first.headers.get("location"), "/checkout/address");
    assert.equal(second.headers.get("location"), "/checkout/shipping");
    assert.equal(early.status, 303);
    assert.equal(early.headers.get("location"), "/checkout/shipping");
  });

  test("marks the current step", async () => {
    const browser = await buildShopper();
    await postStep(browser, "/checkout/address", typedAddress);

    const { html } = await browser.page("/checkout/shipping");

    assert.match(html, /<ol class="checkout-steps__list">/);
    assert.match(html, /aria-current="step">Shipping</);
    assert.match(
      html,
      /<a class="checkout-steps__link" href="\/checkout\/address">Address<\/a>/,
    );
    assert.match(html, /checkout-steps__later">Review and place</);
  });
});

describe("checkout with the test card", () => {
  test("places the order and confirms it", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    await addToCartThroughWeb(browser, lamp, 2);
    const stockBefore = lamp.variants[0]?.stock_on_hand ?? 0;

    await completeSteps(browser, {
      address: typedAddress,
      shippingMethod: "standard",
      paymentMethod: "test_card",
    });
    const { html: shippingPage } = await browser.page("/checkout/shipping");
    const review = await openReview(browser);
    const response = await postReview(browser, {
      ...review.hidden,
      ...cardFields(testCards.accepted),
    });

    assert.equal(response.status, 303);
    const number = orderNumberOf(response.headers.get("location"));
    // 60.00 reaches the free threshold of standard shipping.
    assert.match(
      shippingPage,
      /Standard delivery\s*<span class="radios__price">Free</,
    );
    // The review showed the lines, the free standard shipping and the total.
    assert.match(review.html, /Checkout Lamp/);
    assert.match(review.html, /Standard delivery: Free/);
    assert.equal(review.hidden.expected_total, "6000");
    assert.match(review.html, /autocomplete="cc-number"/);
    assert.match(review.html, /autocomplete="cc-csc"/);

    const { status, html } = await browser.page(
      `/orders/${number}/confirmation`,
    );
    assert.equal(status, 200);
    assert.match(html, /Thank you for your order/);
    assert.ok(html.includes(number), "order number shown");
    assert.match(html, /Checkout Lamp/);
    assert.match(html, /\$60\.00/);
    assert.match(html, /12 Analytical Row/);
    assert.match(html, /United Kingdom/);
    assert.match(html, /Card ending 4242/);
    assert.ok(
      html.includes(`confirmation email to <strong>${account.email}</strong>`),
      "email named",
    );
    // The header's cart count is back to zero.
    assert.match(html, /site-cart__count[^>]*>0</);

    const tokens = await signInToApi(
      stack.apiUrl,
      account.email,
      account.password,
    );
    const order = await callApi(
      stack.apiUrl,
      tokens.access_token,
      `/api/v1/orders/${number}`,
    );
    assert.equal((order.body as { status: string }).status, "paid");
    const after = await fetchProduct(stack.apiUrl, lamp.slug);
    assert.equal(after.variants[0]?.stock_on_hand, stockBefore - 2);

    const mail = await findNewestMessage(stack.apiUrl, account.email);
    assert.equal(mail.subject, `Your Bazaar order ${number}`);
    assert.match(mail.text, /Paid by card ending 4242/);

    const list = await browser.page("/orders");
    assert.ok(list.html.includes(`href="/orders/${number}"`), "listed");
  });

  test("keeps no card details in the session", async () => {
    const browser = await buildShopper(mug, 1);
    await completeSteps(browser, {
      address: typedAddress,
      shippingMethod: "standard",
      paymentMethod: "test_card",
    });
    const review = await openReview(browser);

    const refused = await postReview(browser, {
      ...review.hidden,
      ...cardFields(testCards.accepted),
      card_exp_year: "20",
    });
    const html = await refused.text();
    const placed = await postReview(browser, {
      ...review.hidden,
      ...cardFields(testCards.accepted),
    });
    const session = await readSessionData(
      browser.cookies.get("bazaar_session") ?? "",
      testSessionSecret,
    );

    // A refused form sends back neither the number nor the security code.
    assert.equal(refused.status, 400);
    assert.equal(inputValue(html, "card_number"), "");
    assert.equal(inputValue(html, "card_cvc"), "");
    assert.doesNotMatch(html, /value="4242 4242 4242 4242"/);
    assert.equal(inputValue(html, "card_exp_month"), "12");
    // The session remembers the order and nothing of the card.
    assert.equal(placed.status, 303);
    const number = orderNumberOf(placed.headers.get("location"));
    assert.deepEqual(session.checkout, {
      placedOrder: { idempotencyKey: review.hidden.idempotency_key, number },
    });
    const stored = JSON.stringify(session);
    assert.doesNotMatch(stored, /4242/);
    assert.doesNotMatch(stored, /"card/);
  });
});

describe("checkout with the address book", () => {
  test("orders to the default address by cash on delivery", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    await postStep(browser, "/account/addresses", {
      name: "Grace Hopper",
      line1: "1 Compiler Lane",
      city: "Arlington",
      postal_code: "22201",
      country: "US",
      is_default_shipping: "yes",
    });
    await addToCartThroughWeb(browser, mug, 1);

    const { html: addressPage } = await browser.page("/checkout/address");
    const addressId =
      /id="field-address_choice" name="address_choice" type="radio" value="([^"]+)"\s*checked/.exec(
        addressPage,
      )?.[1];
    assert.ok(addressId, "the default address is preselected");
    assert.match(
      addressPage,
      /Grace Hopper, 1 Compiler Lane, Arlington, 22201, United States/,
    );

    await completeSteps(browser, {
      address: { address_choice: addressId },
      shippingMethod: "standard",
      paymentMethod: "cash_on_delivery",
    });
    const review = await openReview(browser);
    const response = await postReview(browser, review.hidden);

    assert.equal(response.status, 303);
    const number = orderNumberOf(response.headers.get("location"));
    // 12.00 is below the free threshold: standard shipping costs 4.99.
    assert.match(review.html, /Standard delivery: \$4\.99/);
    assert.equal(review.hidden.expected_total, "1699");
    assert.doesNotMatch(review.html, /name="card_number"/);
    const { html } = await browser.page(`/orders/${number}/confirmation`);
    assert.match(html, /Grace Hopper/);
    assert.match(html, /Cash on delivery/);
    assert.match(html, /Pay the courier when your order arrives/);
    const detail = await browser.page(`/orders/${number}`);
    assert.match(detail.html, /order-status--pending">Pending</);
  });
});

describe("checkout with express shipping", () => {
  test("shows and charges the chosen method", async () => {
    const browser = await buildShopper(mug, 1);
    await postStep(browser, "/checkout/address", typedAddress);

    const { html: shippingPage } = await browser.page("/checkout/shipping");
    await postStep(browser, "/checkout/shipping", {
      shipping_method: "express",
    });
    await postStep(browser, "/checkout/payment", {
      payment_method: "cash_on_delivery",
    });
    const review = await openReview(browser);
    const response = await postReview(browser, review.hidden);

    assert.match(
      shippingPage,
      /Standard delivery\s*<span class="radios__price">\$4\.99/,
    );
    assert.match(
      shippingPage,
      /Express delivery\s*<span class="radios__price">\$12\.99/,
    );
    assert.match(shippingPage, /Delivery in 1 business day/);
    assert.match(review.html, /Express delivery: \$12\.99/);
    // 12.00 + 12.99 with the tax contained in the prices, as the API
    // priced the cart for express: 24.99 contains 4.165 at 20 %, which
    // rounds half to even to 4.16.
    assert.equal(review.hidden.expected_total, "2499");
    assert.match(review.html, /<dt>Tax included<\/dt><dd>\$4\.16<\/dd>/);
    assert.doesNotMatch(review.html, /estimate/i);
    assert.equal(review.hidden.applied_coupon_code, "");
    assert.equal(response.status, 303, "no TOTAL_CHANGED");
    const number = orderNumberOf(response.headers.get("location"));
    const { html } = await browser.page(`/orders/${number}`);
    assert.match(html, /Express delivery/);
    assert.match(html, /\$24\.99/);
  });
});

describe("checkout step checks", () => {
  test("address: names blank fields", async () => {
    const browser = await buildShopper();

    const response = await browser.post("/checkout/address", {
      address_choice: "new",
      name: "Kept Name",
      line1: "",
      city: "",
      postal_code: "",
      country: "",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      html,
      /<a href="#field-line1">Enter the first line of the address/,
    );
    assert.match(html, /<a href="#field-city">Enter the town or city/);
    assert.match(html, /<a href="#field-country">Choose a country/);
    assert.match(html, /id="field-name"[^>]*value="Kept Name"/);
    assert.match(html, /<title>Error: Delivery address/);
  });

  test("address: rejects long values and unknown countries", async () => {
    const browser = await buildShopper();

    const response = await browser.post("/checkout/address", {
      ...typedAddress,
      name: "N".repeat(101),
      country: "XX",
      phone: "020 7946 0958",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      elementText(html, "field-name-error") ?? "",
      /Full name must be 100 characters or fewer/,
    );
    assert.match(
      elementText(html, "field-country-error") ?? "",
      /Choose a country from the list/,
    );
    assert.match(
      elementText(html, "field-phone-error") ?? "",
      /international format/,
    );
  });

  test("address: needs a choice", async () => {
    const browser = await buildShopper();

    const response = await browser.post("/checkout/address", {});
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /Choose a delivery address or enter a new one/);
  });

  test("address: refuses another user's address id", async () => {
    const browser = await buildShopper();

    const response = await browser.post("/checkout/address", {
      address_choice: "00000000-0000-4000-8000-000000000000",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /no longer in your address book/);
  });

  test("shipping: needs a known method", async () => {
    const browser = await buildShopper();
    await postStep(browser, "/checkout/address", typedAddress);

    const blank = await browser.post("/checkout/shipping", {});
    const unknown = await browser.post("/checkout/shipping", {
      shipping_method: "teleport",
    });
    const html = await unknown.text();

    assert.equal(blank.status, 400);
    assert.equal(unknown.status, 400);
    assert.match(
      html,
      /<a href="#field-shipping_method">Choose a shipping method/,
    );
    assert.match(
      elementText(html, "field-shipping_method-error") ?? "",
      /Choose a shipping method/,
    );
  });

  test("payment: needs a known method", async () => {
    const browser = await buildShopper();
    await postStep(browser, "/checkout/address", typedAddress);
    await postStep(browser, "/checkout/shipping", {
      shipping_method: "standard",
    });

    const response = await browser.post("/checkout/payment", {
      payment_method: "bitcoin",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(
      html,
      /<a href="#field-payment_method">Choose how you want to pay/,
    );
  });

  test("review: names blank card fields", async () => {
    const browser = await buildShopper();
    await completeSteps(browser, {
      address: typedAddress,
      shippingMethod: "standard",
      paymentMethod: "test_card",
    });
    const review = await openReview(browser);

    const response = await postReview(browser, {
      ...review.hidden,
      card_exp_month: "7",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /<a href="#field-card_number">Enter the card number/);
    assert.match(html, /<a href="#field-card_exp_year">Enter the expiry year/);
    assert.match(html, /<a href="#field-card_cvc">Enter the security code/);
    assert.equal(inputValue(html, "card_exp_month"), "7");
    // The same key stays: nothing was sent to the API.
    assert.equal(
      inputValue(html, "idempotency_key"),
      review.hidden.idempotency_key,
    );
  });

  test("review: shows the API's phone error on the address step", async () => {
    const browser = await buildShopper();
    await completeSteps(browser, {
      address: { ...typedAddress, phone: "+44 12" },
      shippingMethod: "standard",
      paymentMethod: "cash_on_delivery",
    });
    const review = await openReview(browser);

    const response = await postReview(browser, review.hidden);
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /<h1>Delivery address<\/h1>/);
    assert.match(html, /aria-current="step">Address</);
    assert.match(
      elementText(html, "field-phone-error") ?? "",
      /Phone number must be a valid phone number/,
    );
    assert.match(html, /id="field-line1"[^>]*value="12 Analytical Row"/);
  });
});
