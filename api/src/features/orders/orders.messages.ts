// The texts of order mail. They carry no payment details beyond the last
// four digits of a card.
import type { OrderAddress } from "../../db/schema.js";
import type { MailMessage } from "../mail/mailer.js";
import type { OrderLineRow, OrderRow } from "./orders.queries.js";

/** Formats minor units as a price the way the storefront does: "$12.50". */
export function formatMoney(amount: number, currency: string): string {
  const formatter = new Intl.NumberFormat("en", {
    style: "currency",
    currency,
  });
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  const sign = amount < 0 ? "-" : "";
  const magnitude = String(Math.abs(amount)).padStart(digits + 1, "0");
  const decimal =
    digits === 0
      ? `${sign}${magnitude}`
      : `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  // A decimal string keeps the amount exact: Intl formats it without
  // converting it to a float.
  return formatter.format(decimal as `${number}`);
}

/** Returns the delivery address as the lines of a letter. */
export function formatAddress(address: OrderAddress): string[] {
  const cityLine = [address.postalCode, address.city]
    .filter((part) => part !== "")
    .join(" ");
  return [
    address.name,
    address.line1,
    address.line2,
    cityLine,
    address.region,
    address.country,
    address.phone,
  ].filter((line) => line !== "");
}

export function buildOrderConfirmationMessage(
  order: OrderRow,
  lines: readonly OrderLineRow[],
): MailMessage {
  const money = (amount: number): string => formatMoney(amount, order.currency);
  const lineTexts = lines.map(
    (line) =>
      `  ${line.quantity} × ${line.productName} (${line.sku}): ${money(line.lineTotal)}`,
  );
  const payment =
    order.cardLast4 === null
      ? "Payment: cash on delivery."
      : `Paid by card ending ${order.cardLast4}.`;
  const text = [
    `Thank you for your order ${order.number}.`,
    "",
    ...lineTexts,
    "",
    `Subtotal: ${money(order.subtotal)}`,
    ...(order.discountTotal > 0
      ? [`Discount: -${money(order.discountTotal)}`]
      : []),
    `Shipping (${order.shippingMethod}): ${money(order.shippingTotal)}`,
    `Tax${order.pricesIncludeTax ? " included" : ""}: ${money(order.taxTotal)}`,
    `Total: ${money(order.total)}`,
    "",
    payment,
    "",
    "Delivery address:",
    ...formatAddress(order.shippingAddress).map((line) => `  ${line}`),
    "",
  ].join("\n");
  return {
    to: order.email,
    subject: `Your Bazaar order ${order.number}`,
    text,
  };
}

export function buildOrderCancellationMessage(
  order: OrderRow,
  refundedAmount: number,
): MailMessage {
  const refund =
    refundedAmount > 0
      ? `We refunded ${formatMoney(refundedAmount, order.currency)} to your card.`
      : "Nothing was charged, so there is nothing to refund.";
  return {
    to: order.email,
    subject: `Your Bazaar order ${order.number} is cancelled`,
    text: [`Your order ${order.number} is cancelled.`, "", refund, ""].join(
      "\n",
    ),
  };
}
