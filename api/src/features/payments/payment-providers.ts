// The payment methods a shopper can choose at checkout. A provider charges an
// order's total when the order is placed and refunds it when a paid order is
// cancelled.
//
// Two providers are built in:
// - `cash_on_delivery`: nothing is charged online; the order stays `pending`
//   until staff record the payment.
// - `test_card`: a simulated card processor that runs in this process and
//   answers at once. The card numbers it knows are listed in
//   docs/payments.md; every other valid number is declined, so a real card
//   can never appear to pay.
//
// Checkout calls `charge` inside the order transaction, after the stock is
// reserved. That is safe only because the test processor is local, instant
// and has no side effect outside this database: a decline throws and the
// rollback undoes the order. NOTE: a real processor must be called outside
// the transaction: authorise before it (keep the authorisation id), capture
// after the commit, and void the authorisation when the transaction fails.
import { randomBytes } from "node:crypto";

import { AppError } from "../../errors.js";
import type { ValidCard } from "./cards.js";

export const paymentMethodCodes = ["cash_on_delivery", "test_card"] as const;
export type PaymentMethodCode = (typeof paymentMethodCodes)[number];

export interface ChargeRequest {
  amount: number;
  currency: string;
  /** Required by `test_card`; checked with assertCardValid beforehand. */
  card?: ValidCard | undefined;
}

export interface ChargeResult {
  /** `captured` when the money is taken, `pending` when it comes later. */
  paymentStatus: "pending" | "captured";
  /** The processor's reference, or null when nothing was charged. */
  reference: string | null;
  cardLast4: string | null;
}

export interface PaymentProvider {
  readonly code: PaymentMethodCode;
  /** Whether the method needs `card` in the checkout request. */
  readonly needsCard: boolean;
  /**
   * Charges the amount. Throws PAYMENT_DECLINED or INSUFFICIENT_FUNDS
   * (402) when the processor refuses it.
   */
  charge(request: ChargeRequest): ChargeResult;
  /** Refunds a captured charge and returns the refund's reference. */
  refund(request: { reference: string; amount: number }): string;
}

/** The test card numbers and what the simulated processor does with each. */
export const testCards = {
  succeeds: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
} as const;

function newReference(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}

const cashOnDelivery: PaymentProvider = {
  code: "cash_on_delivery",
  needsCard: false,
  charge: () => ({
    paymentStatus: "pending",
    reference: null,
    cardLast4: null,
  }),
  refund: () => newReference("cod_refund"),
};

const testCard: PaymentProvider = {
  code: "test_card",
  needsCard: true,
  charge(request) {
    const card = request.card;
    if (!card) throw new Error("test_card charge without a card");
    if (card.number === testCards.insufficientFunds) {
      throw new AppError(
        "INSUFFICIENT_FUNDS",
        "The card has insufficient funds. Nothing was charged and the cart is unchanged: try another card.",
      );
    }
    if (card.number !== testCards.succeeds) {
      throw new AppError(
        "PAYMENT_DECLINED",
        "The card was declined. Nothing was charged and the cart is unchanged: try another card.",
      );
    }
    return {
      paymentStatus: "captured",
      reference: newReference("test_charge"),
      cardLast4: card.last4,
    };
  },
  refund: () => newReference("test_refund"),
};

const providers: Record<PaymentMethodCode, PaymentProvider> = {
  cash_on_delivery: cashOnDelivery,
  test_card: testCard,
};

export function getPaymentProvider(code: PaymentMethodCode): PaymentProvider {
  return providers[code];
}
