// The state of an HTML form between a failed POST and its 400 page. It keeps
// the values to fill in again (never a password) and one message per field,
// shown next to the field and, in form order, in the error summary at the
// top with a link to each field.
import type { Problem } from "../../api/client.js";
import type { FieldError } from "../../errors.js";

export interface FormState {
  values: Record<string, string>;
  /** In the order of the form's fields, for the error summary. */
  errors: FieldError[];
  errorsByField: Record<string, string>;
}

/** Field names and the labels the form shows for them. */
export type FieldLabels = Record<string, string>;

/** Returns a form with no values and no errors. */
export function emptyForm(values: Record<string, string> = {}): FormState {
  return { values, errors: [], errorsByField: {} };
}

/**
 * Reads the text fields `names` from a parsed urlencoded body. A missing or
 * repeated field counts as empty or as its first value.
 */
export function readFields(
  body: unknown,
  names: readonly string[],
): Record<string, string> {
  const record =
    typeof body === "object" && body !== null
      ? (body as Record<string, unknown>)
      : {};
  const fields: Record<string, string> = {};
  for (const name of names) {
    const value = record[name];
    const first = Array.isArray(value) ? (value[0] as unknown) : value;
    fields[name] = typeof first === "string" ? first : "";
  }
  return fields;
}

/**
 * Builds the state of a failed form. `secretFields` (passwords) are left
 * out of the values, so the page never sends them back; the errors are
 * sorted in the order of `labels`.
 */
export function failedForm(
  values: Record<string, string>,
  errors: readonly FieldError[],
  options: { labels: FieldLabels; secretFields?: readonly string[] },
): FormState {
  const keptValues = { ...values };
  for (const name of options.secretFields ?? []) delete keptValues[name];

  const order = Object.keys(options.labels);
  const rank = (field: string): number => {
    const index = order.indexOf(field);
    return index === -1 ? order.length : index;
  };
  const sorted = [...errors].sort((a, b) => rank(a.field) - rank(b.field));
  const errorsByField: Record<string, string> = {};
  for (const error of sorted) errorsByField[error.field] ??= error.message;
  return { values: keptValues, errors: sorted, errorsByField };
}

/**
 * Converts the field errors of an API problem into form errors. The API
 * starts each message with the field's JSON name ("new_password must..."),
 * which becomes the form's label. Errors of fields the form does not have
 * go to `fallbackField`, so none is lost.
 */
export function fieldErrorsFromProblem(
  problem: Problem | undefined,
  labels: FieldLabels,
  fallbackField: string,
): FieldError[] {
  const apiErrors = problem?.errors ?? [];
  if (apiErrors.length === 0) {
    const detail = problem?.detail ?? "The request was not accepted.";
    return [{ field: fallbackField, message: detail }];
  }
  return apiErrors.map((apiError) => {
    const label = labels[apiError.field];
    if (label === undefined) {
      return { field: fallbackField, message: apiError.message };
    }
    const prefix = `${apiError.field} `;
    const message = apiError.message.startsWith(prefix)
      ? `${label} ${apiError.message.slice(prefix.length)}`
      : apiError.message;
    return { field: apiError.field, message };
  });
}

/** Returns an error for each field of `required` left blank. */
export function findBlankFields(
  values: Record<string, string>,
  required: Record<string, string>,
): FieldError[] {
  return Object.entries(required)
    .filter(([field]) => (values[field] ?? "").trim() === "")
    .map(([field, message]) => ({ field, message }));
}

/** Maximum length of a link token, as in the API's schemas. */
const maxLinkTokenLength = 256;

/** Returns the trimmed token of an emailed link, or undefined if unusable. */
export function readLinkToken(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const token = raw.trim();
  if (token === "" || token.length > maxLinkTokenLength) return undefined;
  return token;
}

/**
 * Returns "Wait N seconds before `action`." for a 429 response, with the
 * seconds of its `Retry-After` when the API sent them.
 */
export function waitMessage(
  outcome: { retryAfterSeconds?: number },
  action: string,
): string {
  const seconds = outcome.retryAfterSeconds;
  if (seconds === undefined) return `Wait a minute before ${action}.`;
  if (seconds < 90) {
    const unit = seconds === 1 ? "second" : "seconds";
    return `Wait ${seconds} ${unit} before ${action}.`;
  }
  // Long waits, such as an hour-long registration limit, read better in
  // minutes; rounding up never tells the shopper to return too early.
  return `Wait ${Math.ceil(seconds / 60)} minutes before ${action}.`;
}
