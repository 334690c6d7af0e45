// The payment choices and the review form's own fields: the card details
// (asked only on the final form, so they are never stored) and the coupon
// code. The web checks the format of each field. The API checks the card
// number's Luhn digit and the expiry and whether a coupon may be used, and
// its errors come back to the matching field.
import type { ApiOutcome } from "../../api/accounts.js";
import type { CouponProblem } from "../../api/carts.js";
import type { Problem } from "../../api/client.js";
import type { CardDetails, PaymentMethodCode } from "../../api/orders.js";
import type { FieldError } from "../../errors.js";
import { formatMoney } from "../../money.js";
import { fieldErrorsFromProblem, findBlankFields } from "../account/forms.js";

export interface PaymentChoice {
  value: PaymentMethodCode;
  label: string;
  hint: string;
}

export const paymentChoices: readonly PaymentChoice[] = [
  {
    value: "test_card",
    label: "Card",
    hint: "You enter the card details on the last step. This shop uses a simulated card processor, so no real card is charged.",
  },
  {
    value: "cash_on_delivery",
    label: "Cash on delivery",
    hint: "Pay the courier when your order arrives.",
  },
];

/** Returns the payment method `raw` names, or undefined for anything else. */
export function parsePaymentMethod(raw: string): PaymentMethodCode | undefined {
  return paymentChoices.find((choice) => choice.value === raw)?.value;
}

/** Returns how the pages name a payment method. */
export function paymentMethodLabel(method: string): string {
  return (
    paymentChoices.find((choice) => choice.value === method)?.label ?? method
  );
}

/** The review form's fields and their labels, in form order. */
export const reviewLabels = {
  card_number: "Card number",
  card_exp_month: "Expiry month",
  card_exp_year: "Expiry year",
  card_cvc: "Security code",
  coupon_code: "Coupon code",
};

/** Review fields never sent back to the browser after a failed post. */
export const secretReviewFields = ["card_number", "card_cvc"] as const;

const requiredCardFields = {
  card_number: "Enter the card number",
  card_exp_month: "Enter the expiry month",
  card_exp_year: "Enter the expiry year",
  card_cvc: "Enter the security code",
};

/** The API accepts card numbers of 12 to 19 digits. */
const cardNumberPattern = /^\d{12,19}$/;
const expiryMonthPattern = /^(0?[1-9]|1[0-2])$/;
const expiryYearPattern = /^20\d\d$/;
const cvcPattern = /^\d{3,4}$/;
/** The coupon code's maximum length in the API's checkout schema. */
const maxCouponCodeLength = 50;

/** Returns the digits of a typed card number, without spaces and dashes. */
function normaliseCardNumber(raw: string): string {
  return raw.replace(/[\s-]/g, "");
}

/**
 * Checks the card fields. Returns the card for the API, or the errors of
 * its fields in form order.
 */
export function parseCardFields(
  values: Record<string, string>,
): { card: CardDetails } | { errors: FieldError[] } {
  const trimmed = {
    card_number: (values.card_number ?? "").trim(),
    card_exp_month: (values.card_exp_month ?? "").trim(),
    card_exp_year: (values.card_exp_year ?? "").trim(),
    card_cvc: (values.card_cvc ?? "").trim(),
  };
  const errors = findBlankFields(trimmed, requiredCardFields);
  const isBlank = (field: string): boolean =>
    errors.some((error) => error.field === field);
  const number = normaliseCardNumber(trimmed.card_number);

  if (!isBlank("card_number") && !cardNumberPattern.test(number)) {
    errors.push({
      field: "card_number",
      message: "Enter a card number of 12 to 19 digits",
    });
  }
  if (
    !isBlank("card_exp_month") &&
    !expiryMonthPattern.test(trimmed.card_exp_month)
  ) {
    errors.push({
      field: "card_exp_month",
      message: "Enter the expiry month as a number from 1 to 12",
    });
  }
  if (
    !isBlank("card_exp_year") &&
    !expiryYearPattern.test(trimmed.card_exp_year)
  ) {
    errors.push({
      field: "card_exp_year",
      message:
        "Enter the expiry year as 4 digits from 2000 to 2099, such as 2030",
    });
  }
  if (!isBlank("card_cvc") && !cvcPattern.test(trimmed.card_cvc)) {
    errors.push({
      field: "card_cvc",
      message: "Enter the 3 or 4 digit security code",
    });
  }
  if (errors.length > 0) return { errors };
  return {
    card: {
      number,
      exp_month: Number(trimmed.card_exp_month),
      exp_year: Number(trimmed.card_exp_year),
      cvc: trimmed.card_cvc,
    },
  };
}

/**
 * Checks the optional coupon code. Returns the trimmed code (undefined when
 * blank), or the error of the field.
 */
export function parseCouponCode(
  raw: string,
): { code: string | undefined } | { error: FieldError } {
  const code = raw.trim();
  if (code === "") return { code: undefined };
  if (code.length > maxCouponCodeLength) {
    return {
      error: {
        field: "coupon_code",
        message: `Coupon code must be ${maxCouponCodeLength} characters or fewer`,
      },
    };
  }
  return { code };
}

/** API field names of the review form and the form's labels for them. */
const apiReviewLabels: Record<string, string> = {
  card: reviewLabels.card_number,
  "card.number": reviewLabels.card_number,
  "card.exp_month": reviewLabels.card_exp_month,
  "card.exp_year": reviewLabels.card_exp_year,
  "card.cvc": reviewLabels.card_cvc,
  coupon_code: reviewLabels.coupon_code,
};

/** The form field of each API field of the review form. */
const formFieldOfApiField: Record<string, string> = {
  card: "card_number",
  "card.number": "card_number",
  "card.exp_month": "card_exp_month",
  "card.exp_year": "card_exp_year",
  "card.cvc": "card_cvc",
  coupon_code: "coupon_code",
};

/** True for an API field error that the review form shows. */
export function isReviewField(field: string): boolean {
  return field in formFieldOfApiField;
}

/**
 * Converts the API's errors about the card and the coupon into errors of
 * the review form: `card.exp_year` becomes `card_exp_year`.
 */
export function reviewErrorsFromProblem(
  problem: Problem | undefined,
  fallbackField: string,
): FieldError[] {
  return fieldErrorsFromProblem(problem, apiReviewLabels, fallbackField).map(
    (error) => ({
      field: formFieldOfApiField[error.field] ?? error.field,
      message: error.message,
    }),
  );
}

/** True for the API's rejection of a coupon: 409 COUPON_NOT_APPLICABLE. */
export function isCouponRejection<T>(
  outcome: ApiOutcome<T>,
): outcome is Extract<ApiOutcome<T>, { ok: false }> {
  return (
    !outcome.ok &&
    outcome.status === 409 &&
    outcome.problem?.code === "COUPON_NOT_APPLICABLE"
  );
}

/**
 * Returns the error shown next to the coupon field for a rejected coupon:
 * the API's reason, with the amounts as money when the subtotal is below
 * the coupon's minimum.
 */
export function couponRejectionError(problem: Problem | undefined): FieldError {
  const rejection = problem as CouponProblem | undefined;
  const { minimum_subtotal: minimum, subtotal, currency } = rejection ?? {};
  if (
    rejection?.reason === "minimum_subtotal_not_met" &&
    minimum !== undefined &&
    subtotal !== undefined &&
    currency !== undefined
  ) {
    return {
      field: "coupon_code",
      message: `This coupon needs a subtotal of at least ${formatMoney(minimum, currency)}, and your subtotal is ${formatMoney(subtotal, currency)}`,
    };
  }
  const [error] = reviewErrorsFromProblem(problem, "coupon_code");
  return (
    error ?? { field: "coupon_code", message: "This coupon cannot be used" }
  );
}

/** Returns the message shown next to the card number for a 402. */
export function declineMessage(problem: Problem | undefined): string {
  if (problem?.code === "INSUFFICIENT_FUNDS") {
    return "The card was declined for insufficient funds. Try another card or choose cash on delivery";
  }
  return "The card was declined. Try another card or choose cash on delivery";
}
