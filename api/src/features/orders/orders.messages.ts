// The texts of order mail. They carry no payment details beyond the last
// four digits of a card.
import type { MailMessage } from "../mail/mailer.js";
import type { OrderLineRow, OrderRow } from "./orders.queries.js";

/** Formats minor units as a price, such as "USD 12.50". */
export function formatMoney(amount: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en", {
      style: "currency",
      currency,
    }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${currency} ${(amount / 10 ** digits).toFixed(digits)}`;
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
    `Discount: ${money(order.discountTotal)}`,
    `Shipping (${order.shippingMethod}): ${money(order.shippingTotal)}`,
    `Tax${order.pricesIncludeTax ? " included" : ""}: ${money(order.taxTotal)}`,
    `Total: ${money(order.total)}`,
    "",
    payment,
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
