// Order numbers shown to people: 10 random characters from an alphabet of
// 32 without look-alikes (no 0, O, 1 or I), so 50 bits of entropy. They
// reveal neither the order count nor the time, and are easy to read out on
// the phone. The unique index on orders.number catches the rare clash.
import { randomBytes } from "node:crypto";

export const orderNumberAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const orderNumberLength = 10;

const orderNumberPattern = new RegExp(
  `^[${orderNumberAlphabet}]{${orderNumberLength}}$`,
);

/** Generates an order number; `random` supplies the bytes in tests. */
export function generateOrderNumber(
  random: (size: number) => Buffer = randomBytes,
): string {
  // 256 is a multiple of 32, so `byte % 32` picks every symbol equally.
  return Array.from(
    random(orderNumberLength),
    (byte) => orderNumberAlphabet[byte % orderNumberAlphabet.length],
  ).join("");
}

/** Returns true when `value` has the shape of an order number. */
export function isOrderNumber(value: string): boolean {
  return orderNumberPattern.test(value);
}
