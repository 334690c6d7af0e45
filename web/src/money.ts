// Money on the web side: amounts are integers in minor units with an ISO 4217
// currency, as in the API. Shoppers type prices in major units ("10.50"), so
// the web converts between the two with string arithmetic, never floats.

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat("en", { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Returns how many minor-unit digits `currency` has: 2 for USD, 0 for JPY. */
export function minorUnitDigits(currency: string): number {
  return (
    currencyFormatter(currency).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** Writes an integer amount of minor units as an exact decimal string. */
function toDecimalString(amountMinor: number, digits: number): string {
  const sign = amountMinor < 0 ? "-" : "";
  const magnitude = String(Math.abs(amountMinor));
  if (digits === 0) return `${sign}${magnitude}`;
  const padded = magnitude.padStart(digits + 1, "0");
  const whole = padded.slice(0, -digits);
  const fraction = padded.slice(-digits);
  return `${sign}${whole}.${fraction}`;
}

/** Formats minor units for display: `formatMoney(1050, "USD")` is "$10.50". */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  // A decimal string keeps the amount exact: Intl.NumberFormat formats
  // string input without converting it to a float (ECMA-402, since ES2023).
  const decimal = toDecimalString(amountMinor, digits) as `${number}`;
  return currencyFormatter(currency).format(decimal);
}

/**
 * Writes minor units as the major-unit text a shopper would type, without
 * trailing zero cents: 1000 is "10", 1050 is "10.50", 999 is "9.99".
 */
export function formatMajorUnits(
  amountMinor: number,
  currency: string,
): string {
  const digits = minorUnitDigits(currency);
  const decimal = toDecimalString(amountMinor, digits);
  return decimal.replace(/\.0+$/, "");
}

/** Largest price filter in minor units: below the API's 32-bit maximum. */
export const maxPriceMinor = 999_999_999;

export type MajorUnitsParseResult =
  | { ok: true; amountMinor: number }
  | { ok: false; reason: "format" | "too-large" };

/**
 * Parses a price typed in major units ("10", "10.5", "10.50") into minor
 * units. Rejects signs, exponents, separators and more decimals than the
 * currency has.
 */
export function parseMajorUnits(
  text: string,
  currency: string,
): MajorUnitsParseResult {
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return { ok: false, reason: "format" };

  const wholeText = match[1] ?? "";
  const fractionText = match[2] ?? "";
  if (fractionText.length > digits) return { ok: false, reason: "format" };
  // Thirteen digits stay exact as a float after scaling by 10^3 at most.
  if (wholeText.replace(/^0+/, "").length > 12) {
    return { ok: false, reason: "too-large" };
  }
  const fraction = Number(fractionText.padEnd(digits, "0") || "0");
  const amountMinor = Number(wholeText) * 10 ** digits + fraction;
  if (amountMinor > maxPriceMinor) return { ok: false, reason: "too-large" };
  return { ok: true, amountMinor };
}
