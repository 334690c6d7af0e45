import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { Cart } from "../../api/carts.js";
import type { Problem } from "../../api/client.js";
import {
  addressErrorsFromProblem,
  parseTypedAddress,
} from "./checkout-address.js";
import {
  parseCardFields,
  parseCouponCode,
  reviewErrorsFromProblem,
} from "./checkout-payment.js";
import { buildStepLinks, firstStepNotDone } from "./checkout-state.js";
import { stockFailureMessages } from "./stock-messages.js";

const validAddress = {
  name: " Ada Lovelace ",
  line1: "12 Analytical Row",
  line2: "",
  city: "London",
  region: "",
  postal_code: "N1 9GU",
  country: "gb",
  phone: "+44 20 7946 0958",
};

function buildProblem(fields: Partial<Problem>): Problem {
  return {
    type: "/problems/validation-failed",
    title: "Validation failed",
    status: 400,
    detail: "Invalid input.",
    code: "VALIDATION_FAILED",
    instance: "/api/v1/orders",
    request_id: "test",
    ...fields,
  };
}

describe("parseTypedAddress", () => {
  test("trims and upper-cases the country", () => {
    const result = parseTypedAddress(validAddress);

    assert.ok("address" in result);
    assert.equal(result.address.name, "Ada Lovelace");
    assert.equal(result.address.country, "GB");
  });

  test("names each blank required field", () => {
    const result = parseTypedAddress({ line2: "Flat 2" });

    assert.ok("errors" in result);
    assert.deepEqual(
      result.errors.map((error) => error.field),
      ["name", "line1", "city", "postal_code", "country"],
    );
  });

  test("rejects too long, unknown and malformed values", () => {
    const result = parseTypedAddress({
      ...validAddress,
      name: "N".repeat(101),
      postal_code: "1".repeat(21),
      country: "ZZ",
      phone: "020 7946 0958",
      city: "Lon\ndon",
    });

    assert.ok("errors" in result);
    const messages = Object.fromEntries(
      result.errors.map((error) => [error.field, error.message]),
    );
    assert.equal(messages.name, "Full name must be 100 characters or fewer");
    assert.equal(
      messages.postal_code,
      "Postcode or ZIP code must be 20 characters or fewer",
    );
    assert.equal(messages.country, "Choose a country from the list");
    assert.match(messages.phone ?? "", /starting with \+/);
    assert.match(messages.city ?? "", /line breaks/);
  });
});

describe("parseTypedAddress size", () => {
  test("accepts the longest Latin address", () => {
    const result = parseTypedAddress({
      ...validAddress,
      name: "N".repeat(100),
      line1: "L".repeat(200),
      line2: "M".repeat(200),
      city: "C".repeat(100),
      region: "R".repeat(100),
      postal_code: "P".repeat(20),
    });

    assert.ok("address" in result);
  });

  test("rejects an address too large for the cookie", () => {
    // 3 bytes per character in UTF-8.
    const result = parseTypedAddress({
      ...validAddress,
      line1: "中".repeat(200),
      line2: "文".repeat(150),
    });

    assert.ok("errors" in result);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]?.field, "line1");
    assert.match(result.errors[0]?.message ?? "", /Address line 1 is too long/);
  });
});

describe("addressErrorsFromProblem", () => {
  test("maps nested fields to the form's fields", () => {
    const errors = addressErrorsFromProblem(
      buildProblem({
        errors: [
          {
            field: "shipping_address.phone",
            message: "shipping_address.phone must be a valid phone number.",
          },
          { field: "card.number", message: "card.number is invalid." },
        ],
      }),
    );

    assert.deepEqual(errors, [
      { field: "phone", message: "Phone number must be a valid phone number." },
    ]);
  });
});

describe("parseCardFields", () => {
  test("accepts spaces in the number", () => {
    const result = parseCardFields({
      card_number: "4242 4242-4242 4242",
      card_exp_month: "04",
      card_exp_year: "2030",
      card_cvc: "123",
    });

    assert.deepEqual(result, {
      card: {
        number: "4242424242424242",
        exp_month: 4,
        exp_year: 2030,
        cvc: "123",
      },
    });
  });

  test("names blank and malformed fields", () => {
    const result = parseCardFields({
      card_number: "4242",
      card_exp_month: "13",
      card_exp_year: "",
      card_cvc: "12a",
    });

    assert.ok("errors" in result);
    const messages = Object.fromEntries(
      result.errors.map((error) => [error.field, error.message]),
    );
    assert.equal(messages.card_exp_year, "Enter the expiry year");
    assert.equal(
      messages.card_number,
      "Enter a card number of 12 to 19 digits",
    );
    assert.match(messages.card_exp_month ?? "", /from 1 to 12/);
    assert.match(messages.card_cvc ?? "", /3 or 4 digit/);
  });
});

describe("parseCouponCode", () => {
  test("treats blank as no coupon", () => {
    assert.deepEqual(parseCouponCode("   "), { code: undefined });
  });

  test("rejects a code over 50 characters", () => {
    const result = parseCouponCode("C".repeat(51));

    assert.ok("error" in result);
    assert.equal(result.error.field, "coupon_code");
  });
});

describe("reviewErrorsFromProblem", () => {
  test("maps card fields and relabels them", () => {
    const errors = reviewErrorsFromProblem(
      buildProblem({
        errors: [
          {
            field: "card.exp_year",
            message: "card.exp_year must not be in the past.",
          },
        ],
      }),
      "card_number",
    );

    assert.deepEqual(errors, [
      {
        field: "card_exp_year",
        message: "Expiry year must not be in the past.",
      },
    ]);
  });
});

describe("checkout steps", () => {
  test("start at the address", () => {
    assert.equal(firstStepNotDone({}), "address");
  });

  test("continue with the first missing choice", () => {
    const state = {
      address: { kind: "saved" as const, id: "a" },
      paymentMethod: "test_card" as const,
    };

    assert.equal(firstStepNotDone(state), "shipping");
  });

  test("link the steps done and the next one", () => {
    const links = buildStepLinks(
      { address: { kind: "saved", id: "a" } },
      "address",
    );

    assert.deepEqual(
      links.map((link) => [link.title, link.isReachable, link.isCurrent]),
      [
        ["Address", true, true],
        ["Shipping", true, false],
        ["Payment", false, false],
        ["Review and place", false, false],
      ],
    );
  });
});

describe("stockFailureMessages", () => {
  test("names the product of each failing line", () => {
    const cart = {
      items: [{ id: "line-1", product_name: "Brass Lamp" }],
    } as unknown as Cart;
    const problem = buildProblem({
      status: 409,
      code: "INSUFFICIENT_STOCK",
      errors: [
        {
          field: "items[line-1]",
          message:
            "items[line-1] asks for 3 of LAMP-1, but only 2 are in stock.",
        },
        {
          field: "items[line-2]",
          message:
            "items[line-2] MUG-1 is no longer sold: remove it from the cart.",
        },
      ],
    });

    const messages = stockFailureMessages(problem, cart);

    assert.equal(messages.length, 3);
    assert.match(messages[0] ?? "", /not placed/);
    assert.equal(
      messages[1],
      "Brass Lamp: asks for 3 of LAMP-1, but only 2 are in stock.",
    );
    assert.equal(
      messages[2],
      "MUG-1 is no longer sold: remove it from the cart.",
    );
  });
});
