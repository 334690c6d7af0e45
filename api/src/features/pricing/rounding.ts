// The one rounding rule of every amount the shop computes: round half to
// even ("banker's rounding", IEEE 754's default), on exact integer
// arithmetic. Ties go to the even neighbour, so over many orders rounding
// adds no bias in either direction.

/**
 * Divides `numerator` by `denominator` and rounds the exact quotient half to
 * even. Both must be non-negative and the denominator above zero; throws
 * RangeError otherwise.
 */
export function divideRoundHalfEven(
  numerator: bigint,
  denominator: bigint,
): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError(
      "divideRoundHalfEven takes a numerator >= 0 and a denominator > 0",
    );
  }
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder < denominator) return quotient;
  if (twiceRemainder > denominator) return quotient + 1n;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** Returns `amount * numerator / denominator` rounded half to even. */
export function scaleRoundHalfEven(
  amount: number,
  numerator: number,
  denominator: number,
): number {
  return Number(
    divideRoundHalfEven(
      BigInt(amount) * BigInt(numerator),
      BigInt(denominator),
    ),
  );
}
