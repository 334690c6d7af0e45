// The texts of order mail, built from hand-made order rows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildOrderCancellationMessage,
  buildOrderConfirmationMessage,
  formatAddress,
  formatMoney,
} from "./orders.messages.js";
import type { OrderLineRow, OrderRow } from "./orders.queries.js";

function buildOrder(fields: Partial<OrderRow> = {}): OrderRow {
  return {
    number: "7KQ2M9XR4T",
    email: "ada@example.com",
    currency: "USD",
    subtotal: 5400,
    discountTotal: 0,
    shippingTotal: 0,
    shippingMethod: "standard",
    taxTotal: 900,
    total: 5400,
    pricesIncludeTax: true,
    cardLast4: "4242",
    shippingAddress: {
      name: "Ada Lovelace",
      line1: "12 St James's Square",
      line2: "",
      city: "London",
      region: "",
      postalCode: "SW1Y 4JH",
      country: "GB",
      phone: "",
    },
    ...fields,
  } as OrderRow;
}

const lines = [
  {
    quantity: 2,
    productName: "Enamel mug",
    sku: "MUG-1",
    lineTotal: 5400,
  } as OrderLineRow,
];

describe("formatMoney", () => {
  test("writes amounts as the storefront does", () => {
    assert.equal(formatMoney(5400, "USD"), "$54.00");
    assert.equal(formatMoney(5, "EUR"), "€0.05");
    assert.equal(formatMoney(1200, "JPY"), "¥1,200");
  });
});

describe("formatAddress", () => {
  test("leaves out the empty lines", () => {
    assert.deepEqual(formatAddress(buildOrder().shippingAddress), [
      "Ada Lovelace",
      "12 St James's Square",
      "SW1Y 4JH London",
      "GB",
    ]);
  });
});

describe("buildOrderConfirmationMessage", () => {
  test("lists the lines, totals, payment and delivery address", () => {
    const message = buildOrderConfirmationMessage(buildOrder(), lines);

    assert.equal(message.to, "ada@example.com");
    assert.match(message.text, /2 × Enamel mug \(MUG-1\): \$54\.00/);
    assert.match(message.text, /Total: \$54\.00/);
    assert.match(message.text, /Paid by card ending 4242\./);
    assert.match(message.text, /Delivery address:\n {2}Ada Lovelace\n/);
  });

  test("shows a discount only when there is one", () => {
    const plain = buildOrderConfirmationMessage(buildOrder(), lines);
    const discounted = buildOrderConfirmationMessage(
      buildOrder({ discountTotal: 540, total: 4860 }),
      lines,
    );

    assert.doesNotMatch(plain.text, /Discount/);
    assert.match(discounted.text, /Discount: -\$5\.40/);
  });
});

describe("buildOrderCancellationMessage", () => {
  test("names the refunded amount", () => {
    const message = buildOrderCancellationMessage(buildOrder(), 5400);

    assert.match(message.text, /We refunded \$54\.00 to your card\./);
  });
});
