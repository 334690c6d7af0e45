import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AppError } from "../../errors.js";
import { assertCardValid, passesLuhnCheck } from "./cards.js";
import { getPaymentProvider, testCards } from "./payment-providers.js";

const now = new Date("2030-06-15T12:00:00Z");

function card(overrides: Partial<Parameters<typeof assertCardValid>[0]> = {}) {
  return {
    number: testCards.succeeds,
    expMonth: 12,
    expYear: 2031,
    cvc: "123",
    ...overrides,
  };
}

function fieldsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error.fieldErrors.map((fieldError) => fieldError.field);
  }
  assert.fail("expected a validation error");
}

describe("passesLuhnCheck", () => {
  test("accepts the test cards", () => {
    for (const number of Object.values(testCards)) {
      assert.equal(passesLuhnCheck(number), true, number);
    }
  });

  test("rejects a changed digit", () => {
    assert.equal(passesLuhnCheck("4242424242424241"), false);
  });
});

describe("assertCardValid", () => {
  test("keeps only digits and last four", () => {
    const valid = assertCardValid(card({ number: "4242 4242-4242 4242" }), now);

    assert.equal(valid.number, testCards.succeeds);
    assert.equal(valid.last4, "4242");
  });

  test("rejects a number failing Luhn", () => {
    assert.deepEqual(
      fieldsOf(() =>
        assertCardValid(card({ number: "4242424242424241" }), now),
      ),
      ["card.number"],
    );
  });

  test("rejects letters in the number", () => {
    assert.deepEqual(
      fieldsOf(() =>
        assertCardValid(card({ number: "4242abcd42424242" }), now),
      ),
      ["card.number"],
    );
  });

  test("rejects an expired card", () => {
    assert.deepEqual(
      fieldsOf(() =>
        assertCardValid(card({ expMonth: 5, expYear: 2030 }), now),
      ),
      ["card.exp_year"],
    );
  });

  test("names the expiry month in the message", () => {
    try {
      assertCardValid(card({ expMonth: 5, expYear: 2030 }), now);
      assert.fail("expected a validation error");
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.equal(
        error.fieldErrors[0]?.message,
        "card.exp_year is in the past: the card expired at the end of 05/2030.",
      );
    }
  });

  test("accepts the current expiry month", () => {
    const valid = assertCardValid(card({ expMonth: 6, expYear: 2030 }), now);

    assert.equal(valid.last4, "4242");
  });

  test("rejects month 13 and short CVC", () => {
    assert.deepEqual(
      fieldsOf(() => assertCardValid(card({ expMonth: 13, cvc: "12" }), now)),
      ["card.exp_month", "card.cvc"],
    );
  });
});

describe("test_card provider", () => {
  const provider = getPaymentProvider("test_card");

  function charge(number: string) {
    return provider.charge({
      amount: 1000,
      currency: "USD",
      card: { number, last4: number.slice(-4) },
    });
  }

  test("captures with the success card", () => {
    const result = charge(testCards.succeeds);

    assert.equal(result.paymentStatus, "captured");
    assert.equal(result.cardLast4, "4242");
  });

  test("declines the declined card", () => {
    assert.throws(
      () => charge(testCards.declined),
      (error) => error instanceof AppError && error.code === "PAYMENT_DECLINED",
    );
  });

  test("reports insufficient funds", () => {
    assert.throws(
      () => charge(testCards.insufficientFunds),
      (error) =>
        error instanceof AppError && error.code === "INSUFFICIENT_FUNDS",
    );
  });

  test("declines any other valid number", () => {
    assert.throws(
      () => charge("5555555555554444"),
      (error) => error instanceof AppError && error.code === "PAYMENT_DECLINED",
    );
  });
});
