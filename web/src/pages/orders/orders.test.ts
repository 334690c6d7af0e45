// The order pages through real HTTP: the history with its pages and empty
// state, one order with its status history, cancelling (stock returned,
// refund, email), and what another user or a second cancel gets.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  signInToApi,
  type TestAccount,
} from "../../test/accounts.js";
import type { TestBrowser } from "../../test/browser.js";
import {
  fetchProduct,
  onlyVariant,
  placeOrderAtApi,
} from "../../test/checkout.js";
import { findNewestMessage } from "../../test/mailbox.js";
import { startStack } from "../../test/stack.js";

const runId = Date.now().toString(36);

const stack = await startStack({
  apiEnv: { RATE_LIMITS: "off" },
  catalog: [
    {
      sku: `KETTLE-${runId}`,
      title: "Orders Kettle",
      category: "Kitchen",
      price: 40,
      stock: 500,
    },
  ],
});

const kettle = await fetchProduct(stack.apiUrl, "orders-kettle");

interface Customer {
  account: TestAccount;
  browser: TestBrowser;
  accessToken: string;
}

async function buildCustomer(): Promise<Customer> {
  const account = buildAccount();
  const browser = await buildSignedInBrowser(stack.webUrl, account);
  const tokens = await signInToApi(
    stack.apiUrl,
    account.email,
    account.password,
  );
  return { account, browser, accessToken: tokens.access_token };
}

function placeOrder(
  customer: Customer,
  paymentMethod: "cash_on_delivery" | "test_card",
  quantity = 1,
): Promise<{ number: string; total: number }> {
  return placeOrderAtApi(stack.apiUrl, customer.accessToken, {
    variantId: onlyVariant(kettle).id,
    quantity,
    paymentMethod,
  });
}

async function readStock(): Promise<number> {
  const product = await fetchProduct(stack.apiUrl, kettle.slug);
  return onlyVariant(product).stock_on_hand;
}

/** Returns the rows of the first table body in `html`, as cell texts. */
function tableRows(html: string, caption: RegExp | string): string[][] {
  const start = html.search(
    typeof caption === "string" ? new RegExp(caption) : caption,
  );
  assert.ok(start >= 0, `table ${String(caption)} present`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html.slice(start))?.[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? "").matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(
      (cell) =>
        (cell[1] ?? "")
          .replace(/<[^>]+>/g, "")
          .replace(/\s+/g, " ")
          .trim(),
    ),
  );
}

describe("GET /orders", () => {
  test("sends a visitor to sign in", async () => {
    const response = await stack.get("/orders");

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/sign-in?next=%2Forders");
  });

  test("shows the empty state", async () => {
    const { browser } = await buildCustomer();

    const { status, html } = await browser.page("/orders");

    assert.equal(status, 200);
    assert.match(html, /You have not placed any orders yet\./);
    assert.match(html, /<a href="\/">Browse the shop<\/a>/);
  });

  test("links the history from the account page", async () => {
    const { browser } = await buildCustomer();

    const { html } = await browser.page("/account");

    assert.match(html, /<a href="\/orders">Your orders<\/a>/);
  });

  test("lists orders newest first, page by page", async () => {
    const customer = await buildCustomer();
    const numbers: string[] = [];
    for (let index = 0; index < 21; index += 1) {
      numbers.push((await placeOrder(customer, "cash_on_delivery")).number);
    }

    const first = await customer.browser.page("/orders");
    const second = await customer.browser.page("/orders?page=2");
    const past = await customer.browser.page("/orders?page=3");
    const invalid = await customer.browser.page("/orders?page=two");

    const firstRows = tableRows(first.html, "Your orders, newest first");
    assert.equal(firstRows.length, 20);
    assert.deepEqual(firstRows[0], [
      numbers[20],
      firstRows[0]?.[1],
      "Pending",
      "$44.99",
    ]);
    assert.match(first.html, /\(21 in all\)/);
    assert.match(first.html, /href="\/orders\?page=2" rel="next"/);
    const secondRows = tableRows(second.html, "Your orders, newest first");
    assert.equal(secondRows.length, 1);
    assert.equal(secondRows[0]?.[0], numbers[0]);
    assert.equal(past.status, 404);
    assert.equal(invalid.status, 400);
  });
});

describe("GET /orders/:number", () => {
  test("shows the lines, totals and history", async () => {
    const customer = await buildCustomer();
    const { number } = await placeOrder(customer, "test_card", 2);

    const { status, html } = await customer.browser.page(`/orders/${number}`);

    assert.equal(status, 200);
    assert.match(html, new RegExp(`<h1>Order ${number}</h1>`));
    assert.match(html, /<a href="\/p\/orders-kettle">Orders Kettle<\/a>/);
    assert.match(html, /order-status--paid">Paid</);
    // 2 × 40.00; standard shipping is free from 50.00.
    assert.match(html, /Total<\/dt><dd>\$80\.00/);
    assert.match(html, /Card ending 4242/);
    assert.match(html, /Ada Lovelace/);
    const history = tableRows(html, 'id="history-title"');
    assert.equal(history.length, 1);
    assert.deepEqual(history[0]?.slice(1, 4), ["New order", "Paid", "You"]);
    assert.match(html, /Cancel order/);
  });

  test("is not found for another user", async () => {
    const owner = await buildCustomer();
    const other = await buildCustomer();
    const { number } = await placeOrder(owner, "cash_on_delivery");

    const detail = await other.browser.page(`/orders/${number}`);
    const confirmation = await other.browser.page(
      `/orders/${number}/confirmation`,
    );
    const cancel = await other.browser.post(
      `/orders/${number}/cancel`,
      {},
      { formPage: "/orders" },
    );
    const unknown = await other.browser.page("/orders/NOSUCHORDER");
    const malformed = await other.browser.page("/orders/bad%20number");

    assert.equal(detail.status, 404);
    assert.match(detail.html, /Page not found/);
    assert.ok(!detail.html.includes("Ada Lovelace"), "no address shown");
    assert.equal(confirmation.status, 404);
    assert.equal(cancel.status, 404);
    assert.equal(unknown.status, 404);
    assert.equal(malformed.status, 404);
    const ownerView = await owner.browser.page(`/orders/${number}`);
    assert.match(ownerView.html, /order-status--pending">Pending</);
  });
});

describe("POST /orders/:number/cancel", () => {
  test("cancels a paid order and returns the stock", async () => {
    const customer = await buildCustomer();
    const { number } = await placeOrder(customer, "test_card", 3);
    const stockBefore = await readStock();

    const response = await customer.browser.post(
      `/orders/${number}/cancel`,
      {},
      { formPage: `/orders/${number}` },
    );
    const { html } = await customer.browser.page(`/orders/${number}`);

    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), `/orders/${number}`);
    assert.equal(await readStock(), stockBefore + 3);
    assert.match(
      html,
      new RegExp(
        `Order ${number} was cancelled; the stock has been returned\\. \\$120\\.00 has been refunded to your card ending 4242\\.`,
      ),
    );
    assert.match(html, /order-status--cancelled">Cancelled</);
    assert.doesNotMatch(html, /Cancel order/);
    const history = tableRows(html, 'id="history-title"');
    assert.equal(history.length, 2);
    assert.deepEqual(history[1]?.slice(1, 4), ["Paid", "Cancelled", "You"]);
    const refunds = tableRows(html, 'id="refunds-title"');
    assert.equal(refunds.length, 1);
    assert.equal(refunds[0]?.[1], "$120.00");

    const mail = await findNewestMessage(stack.apiUrl, customer.account.email);
    assert.equal(mail.subject, `Your Bazaar order ${number} is cancelled`);
    assert.match(mail.text, /We refunded \$120\.00 to your card\./);
  });

  test("cancels a pending order without a refund", async () => {
    const customer = await buildCustomer();
    const { number } = await placeOrder(customer, "cash_on_delivery");

    await customer.browser.post(
      `/orders/${number}/cancel`,
      {},
      { formPage: `/orders/${number}` },
    );
    const { html } = await customer.browser.page(`/orders/${number}`);

    assert.match(
      html,
      /was cancelled; the stock has been returned\. Nothing was charged/,
    );
    assert.doesNotMatch(html, /id="refunds-title"/);
  });

  test("treats a second cancel as done, not failed", async () => {
    const customer = await buildCustomer();
    const { number } = await placeOrder(customer, "cash_on_delivery");
    const formPage = `/orders/${number}`;
    await customer.browser.post(`/orders/${number}/cancel`, {}, { formPage });
    await customer.browser.page(formPage);
    const stockBefore = await readStock();

    const response = await customer.browser.post(
      `/orders/${number}/cancel`,
      {},
      { formPage },
    );
    const { status, html } = await customer.browser.page(formPage);

    assert.equal(response.status, 303);
    assert.equal(status, 200);
    assert.match(
      html,
      new RegExp(
        `class="flash flash--info"[^>]*>Order ${number} is cancelled\\.`,
      ),
    );
    assert.doesNotMatch(html, /cannot be cancelled/);
    assert.equal(await readStock(), stockBefore);
  });

  test("finds an order by its number in lower case", async () => {
    const customer = await buildCustomer();
    const { number } = await placeOrder(customer, "cash_on_delivery");

    const { status, html } = await customer.browser.page(
      `/orders/${number.toLowerCase()}`,
    );

    assert.equal(status, 200);
    assert.ok(html.includes(number));
  });

  test("rejects a post without the CSRF token", async () => {
    const customer = await buildCustomer();
    const { number } = await placeOrder(customer, "cash_on_delivery");

    const response = await customer.browser.post(
      `/orders/${number}/cancel`,
      {},
      { includeCsrf: false },
    );
    const { html } = await customer.browser.page(`/orders/${number}`);

    assert.equal(response.status, 403);
    assert.match(html, /order-status--pending">Pending</);
  });
});

describe("GET /orders/:number/confirmation", () => {
  test("names the email the confirmation went to", async () => {
    const customer = await buildCustomer();
    const { number } = await placeOrder(customer, "cash_on_delivery");

    const { status, html } = await customer.browser.page(
      `/orders/${number}/confirmation`,
    );

    assert.equal(status, 200);
    assert.ok(
      html.includes(
        `We have sent a confirmation email to <strong>${customer.account.email}</strong>`,
      ),
    );
    assert.match(html, /Pay the courier when your order arrives/);
  });
});
