// A user's own orders: listing, reading and cancelling. Another user's order
// is not found, whatever number is tried.
import { randomUUID } from "node:crypto";

import type { FastifyBaseLogger } from "fastify";

import type { Database } from "../../db/client.js";
import { AppError, notFound } from "../../errors.js";
import { releaseRedemption } from "../coupons/coupons.service.js";
import type { MailService } from "../mail/mail.plugin.js";
import {
  getPaymentProvider,
  paymentMethodCodes,
  type PaymentMethodCode,
} from "../payments/payment-providers.js";
import { isOrderNumber } from "./order-number.js";
import {
  assertTransitionAllowed,
  customerCancellableStatuses,
} from "./order-transitions.js";
import { buildOrderCancellationMessage } from "./orders.messages.js";
import {
  countOrders,
  findOrder,
  insertRefund,
  insertStatusHistory,
  listOrderLines,
  listOrders as listOrderRows,
  listRefunds,
  listStatusHistory,
  returnStock,
  updateOrderStatus,
  type OrderLineRow,
  type OrderRow,
  type OrderStatusHistoryRow,
  type RefundRow,
} from "./orders.queries.js";

export interface OrderDetail {
  order: OrderRow;
  lines: OrderLineRow[];
  history: OrderStatusHistoryRow[];
  refunds: RefundRow[];
}

export interface OrderPage {
  orders: OrderRow[];
  count: number;
  page: number;
  pageSize: number;
  totalPages: number;
}

export interface OrderServiceDependencies {
  db: Database;
  now: () => Date;
  mail: Pick<MailService, "deliverMail">;
  /** Runs after a commit that changed stock, to drop cached catalog pages. */
  onStockChanged: () => void;
}

export interface OrderService {
  listOrders(
    userId: string,
    page: number,
    pageSize: number,
  ): Promise<OrderPage>;
  getOrderOrThrow(userId: string, number: string): Promise<OrderDetail>;
  cancelOrder(
    userId: string,
    number: string,
    log: FastifyBaseLogger,
  ): Promise<OrderDetail>;
}

function orderNotFound(number: string): AppError {
  return notFound("order", number);
}

function toPaymentMethodCode(code: string): PaymentMethodCode {
  const known = paymentMethodCodes.find((candidate) => candidate === code);
  if (!known) throw new Error(`order has unknown payment method ${code}`);
  return known;
}

/** Builds the service of the signed-in user's orders. */
export function createOrderService(
  deps: OrderServiceDependencies,
): OrderService {
  const { db } = deps;

  async function loadDetail(
    tx: Database,
    order: OrderRow,
  ): Promise<OrderDetail> {
    return {
      order,
      lines: await listOrderLines(tx, order.id),
      history: await listStatusHistory(tx, order.id),
      refunds: await listRefunds(tx, order.id),
    };
  }

  /**
   * Lists one page of the user's orders, newest first. Throws
   * PAGE_NOT_FOUND for a page past the last one.
   */
  async function listOrders(
    userId: string,
    page: number,
    pageSize: number,
  ): Promise<OrderPage> {
    const count = await countOrders(db, userId);
    const totalPages = Math.max(1, Math.ceil(count / pageSize));
    if (page > totalPages) {
      throw new AppError(
        "PAGE_NOT_FOUND",
        `Page ${page} is past the last page, ${totalPages}.`,
      );
    }
    const orders = await listOrderRows(db, userId, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { orders, count, page, pageSize, totalPages };
  }

  /** Loads one of the user's orders. Throws NOT_FOUND for any other number. */
  async function getOrderOrThrow(
    userId: string,
    number: string,
  ): Promise<OrderDetail> {
    const order = isOrderNumber(number)
      ? await findOrder(db, userId, number)
      : undefined;
    if (!order) throw orderNotFound(number);
    return loadDetail(db, order);
  }

  /**
   * Cancels a pending or paid order of the user: puts the stock back,
   * refunds a captured payment, gives back the coupon use and records the
   * status change, in one transaction. Throws NOT_FOUND and
   * INVALID_STATUS_TRANSITION naming the current status.
   */
  async function cancelOrder(
    userId: string,
    number: string,
    log: FastifyBaseLogger,
  ): Promise<OrderDetail> {
    const now = deps.now();
    const { detail, refundedAmount } = await db.transaction(async (tx) => {
      const order = isOrderNumber(number)
        ? await findOrder(tx, userId, number, { forUpdate: true })
        : undefined;
      if (!order) throw orderNotFound(number);
      assertTransitionAllowed(order.status, "cancelled", {
        allowedFrom: customerCancellableStatuses,
      });

      const lines = await listOrderLines(tx, order.id);
      const byVariant = [...lines].sort((a, b) =>
        (a.variantId ?? "") < (b.variantId ?? "") ? -1 : 1,
      );
      for (const line of byVariant) {
        if (line.variantId)
          await returnStock(tx, line.variantId, line.quantity);
      }
      const isCaptured = order.paymentStatus === "captured";
      if (isCaptured && order.total > 0) {
        const reference = getPaymentProvider(
          toPaymentMethodCode(order.paymentMethod),
        ).refund({
          reference: order.paymentReference ?? "",
          amount: order.total,
        });
        await insertRefund(tx, {
          id: randomUUID(),
          orderId: order.id,
          amount: order.total,
          currency: order.currency,
          reason: "Order cancelled by the customer.",
          paymentReference: reference,
          createdAt: now,
        });
      }
      if (order.couponId) {
        await releaseRedemption(tx, {
          couponId: order.couponId,
          orderId: order.id,
          now,
        });
      }
      await updateOrderStatus(tx, order.id, {
        status: "cancelled",
        ...(isCaptured ? { paymentStatus: "refunded" } : {}),
        now,
      });
      await insertStatusHistory(tx, {
        id: randomUUID(),
        orderId: order.id,
        fromStatus: order.status,
        toStatus: "cancelled",
        actorUserId: userId,
        note: "Cancelled by the customer.",
        createdAt: now,
      });
      const cancelled = await findOrder(tx, userId, number);
      if (!cancelled) throw orderNotFound(number);
      return {
        detail: await loadDetail(tx, cancelled),
        refundedAmount: isCaptured ? order.total : 0,
      };
    });

    deps.onStockChanged();
    log.info(
      { orderId: detail.order.id, userId, refundedAmount },
      "order cancelled",
    );
    await deps.mail.deliverMail(
      buildOrderCancellationMessage(detail.order, refundedAmount),
      log,
    );
    return detail;
  }

  return { listOrders, getOrderOrThrow, cancelOrder };
}
