// Card input checks that run before any charge. The full card number and the
// CVC exist only in the request and in these functions: nothing here logs
// them, and only `last4` leaves this module to be stored.
import { AppError, type FieldError } from "../../errors.js";

/** A card as the shopper typed it at checkout. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** A card that passed assertCardValid: digits only. */
export interface ValidCard {
  number: string;
  last4: string;
}

/** Returns true when the digits pass the Luhn (mod 10) check. */
export function passesLuhnCheck(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Removes the spaces and dashes people type between digit groups. */
export function normaliseCardNumber(number: string): string {
  return number.replace(/[\s-]/g, "");
}

function findNumberProblem(digits: string): string | undefined {
  if (!/^\d{12,19}$/.test(digits)) {
    return "card.number must be 12 to 19 digits; spaces and dashes are ignored.";
  }
  if (!passesLuhnCheck(digits)) {
    return "card.number is not a valid card number: check the digits.";
  }
  return undefined;
}

/** A card is valid through the last day of its expiry month, in UTC. */
function isExpired(card: CardInput, now: Date): boolean {
  const firstDayAfterExpiry = Date.UTC(card.expYear, card.expMonth, 1);
  return now.getTime() >= firstDayAfterExpiry;
}

/**
 * Checks the card number (digits and Luhn), expiry and CVC, and returns the
 * digits with their last four. Throws VALIDATION_FAILED naming each invalid
 * field; the messages never repeat the number.
 */
export function assertCardValid(card: CardInput, now: Date): ValidCard {
  const errors: FieldError[] = [];
  const digits = normaliseCardNumber(card.number);
  const numberProblem = findNumberProblem(digits);
  if (numberProblem)
    errors.push({ field: "card.number", message: numberProblem });
  if (
    !Number.isInteger(card.expMonth) ||
    card.expMonth < 1 ||
    card.expMonth > 12
  ) {
    errors.push({
      field: "card.exp_month",
      message: "card.exp_month must be a month number from 1 to 12.",
    });
  } else if (isExpired(card, now)) {
    errors.push({
      field: "card.exp_year",
      message: `card.exp_year is in the past: the card expired at the end of ${String(card.expMonth).padStart(2, "0")}/${card.expYear}.`,
    });
  }
  if (!/^\d{3,4}$/.test(card.cvc)) {
    errors.push({
      field: "card.cvc",
      message: "card.cvc must be the 3 or 4 digits printed on the card.",
    });
  }
  if (errors.length > 0) {
    const detail = errors.map((error) => error.message).join(" ");
    throw new AppError("VALIDATION_FAILED", detail, errors);
  }
  return { number: digits, last4: digits.slice(-4) };
}
