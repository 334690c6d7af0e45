// View models of the order pages, built from the API's order: statuses and
// payment in words, the lines with links to their products, the address
// with its country's name, and the status history.
import type {
  Order,
  OrderStatus,
  OrderSummary,
  ShippingMethod,
} from "../../api/orders.js";
import { describeOptions } from "../cart/cart-view.js";
import { paymentMethodLabel } from "../checkout/checkout-payment.js";
import { toAddressView, type AddressView } from "../checkout/review-view.js";
import { productUrl } from "../layout.js";

const statusLabels: Record<OrderStatus, string> = {
  pending: "Pending",
  paid: "Paid",
  fulfilled: "Fulfilled",
  delivered: "Delivered",
  cancelled: "Cancelled",
  refunded: "Refunded",
};

const paymentStatusLabels: Record<string, string> = {
  pending: "Not paid yet",
  captured: "Paid",
  refunded: "Refunded",
};

const changedByLabels: Record<string, string> = {
  customer: "You",
  shop: "The shop",
};

/**
 * Statuses from which a customer may cancel, as in the API's transition
 * table; the API checks again when the button is used.
 */
const cancellableStatuses: ReadonlySet<OrderStatus> = new Set([
  "pending",
  "paid",
]);

/** Returns how the pages name an order status. */
export function orderStatusLabel(status: OrderStatus): string {
  return statusLabels[status];
}

export interface OrderLineView {
  name: string;
  url: string;
  sku: string;
  optionsText: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface StatusChangeView {
  at: string;
  /** The status before; empty for the first entry, when the order was new. */
  from: string;
  to: string;
  by: string;
  note: string;
}

export interface OrderView {
  number: string;
  status: OrderStatus;
  statusLabel: string;
  createdAt: string;
  email: string;
  currency: string;
  lines: OrderLineView[];
  totals: Order["totals"];
  couponCode: string | null;
  address: AddressView;
  shippingName: string;
  payment: {
    label: string;
    statusLabel: string;
    cardLast4: string | null;
  };
  history: StatusChangeView[];
  refunds: Order["refunds"];
  canCancel: boolean;
}

/** Builds the view of one order; `methods` name its shipping method. */
export function buildOrderView(
  order: Order,
  methods: readonly ShippingMethod[],
): OrderView {
  const method = methods.find(
    (candidate) => candidate.code === order.shipping_method,
  );
  return {
    number: order.number,
    status: order.status,
    statusLabel: orderStatusLabel(order.status),
    createdAt: order.created_at,
    email: order.email,
    currency: order.currency,
    lines: order.items.map((line) => ({
      name: line.product_name,
      url: productUrl(line.product_slug),
      sku: line.sku,
      optionsText: describeOptions(line.options),
      quantity: line.quantity,
      unitPrice: line.unit_price,
      lineTotal: line.line_total,
    })),
    totals: order.totals,
    couponCode: order.coupon_code,
    address: toAddressView(order.shipping_address),
    shippingName: method?.name ?? order.shipping_method,
    payment: {
      label: paymentMethodLabel(order.payment.method),
      statusLabel:
        paymentStatusLabels[order.payment.status] ?? order.payment.status,
      cardLast4: order.payment.card_last4,
    },
    history: order.status_history.map((change) => ({
      at: change.created_at,
      from: change.from_status === null ? "" : statusLabels[change.from_status],
      to: statusLabels[change.to_status],
      by: changedByLabels[change.changed_by] ?? change.changed_by,
      note: change.note,
    })),
    refunds: order.refunds,
    canCancel: cancellableStatuses.has(order.status),
  };
}

export interface OrderSummaryView {
  number: string;
  url: string;
  createdAt: string;
  statusLabel: string;
  total: number;
  currency: string;
}

/** Builds one row of the order history. */
export function buildOrderSummaryView(order: OrderSummary): OrderSummaryView {
  return {
    number: order.number,
    url: orderPath(order.number),
    createdAt: order.created_at,
    statusLabel: orderStatusLabel(order.status),
    total: order.total,
    currency: order.currency,
  };
}

/** Returns the path of order `number`'s page. */
export function orderPath(number: string): string {
  return `/orders/${encodeURIComponent(number)}`;
}
