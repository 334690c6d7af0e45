// Request fingerprints for Idempotency-Key. The hash covers the whole
// checkout body with object keys sorted, except the card number and CVC:
// only the card's last four digits and expiry go in, so the stored hash is
// no stand-in for a card number.
import { createHash } from "node:crypto";

import { normaliseCardNumber } from "../payments/cards.js";

/** The characters an Idempotency-Key may use, 1 to 100 of them. */
export const idempotencyKeyPattern = "^[A-Za-z0-9_.:-]{1,100}$";

function canonicalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalise);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    // Keys within one object are unique, so no two compare equal.
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(
    entries.map(([key, entry]) => [key, canonicalise(entry)]),
  );
}

/** Returns the hex SHA-256 of a checkout body, without card secrets. */
export function hashCheckoutRequest(body: {
  card?: { number: string; exp_month: number; exp_year: number } | undefined;
}): string {
  const { card, ...rest } = body as Record<string, unknown> & {
    card?: { number: string; exp_month: number; exp_year: number };
  };
  const fingerprint = {
    ...rest,
    card: card && {
      last4: normaliseCardNumber(card.number).slice(-4),
      exp_month: card.exp_month,
      exp_year: card.exp_year,
    },
  };
  return createHash("sha256")
    .update(JSON.stringify(canonicalise(fingerprint)))
    .digest("hex");
}
