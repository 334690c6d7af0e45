// Converts prices written as decimal text into integer minor units. The
// conversion works on the digits themselves, so no floating-point rounding can
// move a price by a cent.

/** The outcome of reading one price: minor units, or why the text is invalid. */
export type PriceParseResult =
  | { ok: true; minorUnits: number }
  | { ok: false; reason: string };

const decimalPattern = /^(\d+)(?:\.(\d+))?$/;

/**
 * Converts a non-negative decimal text with at most two decimals ("29",
 * "32.5", "56.99") into minor units (2900, 3250, 5699) of a two-decimal
 * currency. Returns the reason when the text is empty, negative, has more
 * than two decimals or is not a number.
 */
export function parseDecimalPrice(text: string): PriceParseResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, reason: "missing price" };
  if (trimmed.startsWith("-")) {
    return { ok: false, reason: `invalid price "${trimmed}": it is negative` };
  }

  const match = decimalPattern.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      reason: `invalid price "${trimmed}": write a decimal number such as 12.50`,
    };
  }
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > 2) {
    return {
      ok: false,
      reason: `invalid price "${trimmed}": use at most 2 decimal places`,
    };
  }

  const minorUnits = Number(`${whole}${fraction.padEnd(2, "0")}`);
  // The price columns are PostgreSQL `integer`s.
  if (minorUnits > 2_147_483_647) {
    return { ok: false, reason: `invalid price "${trimmed}": it is too large` };
  }
  return { ok: true, minorUnits };
}

/**
 * Converts a price given as a JSON value (number or string) into minor units.
 * A JSON number is read back through `String(number)`, the shortest decimal
 * text that parses to the same double (`String(56.99)` is "56.99"), and then
 * converted digit by digit; `56.99 * 100` would give 5698.999999999999.
 */
export function parseJsonPrice(value: unknown): PriceParseResult {
  if (value === undefined || value === null) {
    return { ok: false, reason: "missing price" };
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      return { ok: false, reason: `invalid price ${String(value)}` };
    }
    // NOTE: JSON.parse has already rounded the source text to a double, so a
    // price written with more than about 15 significant digits is read as its
    // rounded value; prices of a shop never come near that.
    return parseDecimalPrice(String(value));
  }
  if (typeof value === "string") return parseDecimalPrice(value);
  return {
    ok: false,
    reason: `invalid price ${JSON.stringify(value)}: write a number such as 12.5`,
  };
}
