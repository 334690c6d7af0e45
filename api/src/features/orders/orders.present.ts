import type {
  OrderListResponse,
  OrderResponse,
  OrderSummaryResponse,
} from "./orders.schemas.js";
import type { OrderDetail, OrderPage } from "./orders.service.js";
import type { OrderRow } from "./orders.queries.js";

export function presentOrderSummary(order: OrderRow): OrderSummaryResponse {
  return {
    number: order.number,
    status: order.status,
    total: order.total,
    currency: order.currency,
    created_at: order.createdAt.toISOString(),
  };
}

function buildPageLink(
  basePath: string,
  page: number,
  pageSize: number,
): string {
  const parameters = new URLSearchParams();
  if (pageSize !== 20) parameters.set("page_size", String(pageSize));
  if (page > 1) parameters.set("page", String(page));
  const search = parameters.toString();
  return search === "" ? basePath : `${basePath}?${search}`;
}

/** Maps a page of orders to the API's list object, like the product list. */
export function presentOrderList(
  result: OrderPage,
  basePath: string,
): OrderListResponse {
  const { page, pageSize, totalPages } = result;
  return {
    count: result.count,
    page,
    page_size: pageSize,
    total_pages: totalPages,
    next:
      page < totalPages ? buildPageLink(basePath, page + 1, pageSize) : null,
    previous: page > 1 ? buildPageLink(basePath, page - 1, pageSize) : null,
    results: result.orders.map(presentOrderSummary),
  };
}

/** Maps an order with its lines, history and refunds to the API's object. */
export function presentOrder(detail: OrderDetail): OrderResponse {
  const { order } = detail;
  const address = order.shippingAddress;
  return {
    ...presentOrderSummary(order),
    email: order.email,
    updated_at: order.updatedAt.toISOString(),
    items: detail.lines.map((line) => ({
      variant_id: line.variantId,
      sku: line.sku,
      product_name: line.productName,
      product_slug: line.productSlug,
      options: line.options,
      unit_price: line.unitPrice,
      quantity: line.quantity,
      line_total: line.lineTotal,
    })),
    totals: {
      subtotal: order.subtotal,
      discount_total: order.discountTotal,
      shipping_total: order.shippingTotal,
      tax_total: order.taxTotal,
      total: order.total,
      currency: order.currency,
      prices_include_tax: order.pricesIncludeTax,
      tax_rate_basis_points: order.taxRateBasisPoints,
    },
    shipping_method: order.shippingMethod,
    shipping_address: {
      name: address.name,
      line1: address.line1,
      line2: address.line2,
      city: address.city,
      region: address.region,
      postal_code: address.postalCode,
      country: address.country,
      phone: address.phone,
    },
    coupon_code: order.couponCode,
    payment: {
      method: order.paymentMethod,
      status: order.paymentStatus,
      card_last4: order.cardLast4,
    },
    status_history: detail.history.map((entry) => ({
      from_status: entry.fromStatus,
      to_status: entry.toStatus,
      changed_by:
        entry.actorUserId !== null && entry.actorUserId === order.userId
          ? ("customer" as const)
          : ("shop" as const),
      note: entry.note,
      created_at: entry.createdAt.toISOString(),
    })),
    refunds: detail.refunds.map((refund) => ({
      amount: refund.amount,
      currency: refund.currency,
      reason: refund.reason,
      created_at: refund.createdAt.toISOString(),
    })),
  };
}
