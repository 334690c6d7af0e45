// The signed-in user's orders: the history page by page, newest first, one
// order with its status history and refunds, the confirmation page shown
// after checkout, and cancelling an order while its status allows it.
// Another user's order number gets the same 404 page as an unknown one.
import type { FastifyInstance } from "fastify";

import { requireApiData, type ApiOutcome } from "../../api/accounts.js";
import type { Order } from "../../api/orders.js";
import { formatMoney } from "../../money.js";
import { PageError } from "../../errors.js";
import {
  addFlash,
  requireSignedIn,
  signedInUser,
} from "../../plugins/session.js";
import { preventCaching, renderFormPage } from "../account/render.js";
import { buildPagination } from "../catalog/catalog-view.js";
import type { FlashMessage } from "../layout.js";
import {
  buildOrderSummaryView,
  buildOrderView,
  orderPath,
  orderStatusLabel,
} from "./order-view.js";

type NumberParams = { Params: { number: string } };
type ListQuery = { Querystring: { page?: unknown } };

/** Orders per page of the history. */
const ordersPerPage = 20;
/** The highest page number the API accepts. */
const maxPage = 1_000_000;
/** Order numbers are letters and digits, at most 100 as in the API. */
const orderNumberPattern = /^[A-Za-z0-9]{1,100}$/;

/** Returns the 404 page for an order the user does not have. */
function orderNotFound(): PageError {
  return new PageError("NOT_FOUND", "You have no order with this number.");
}

/** Reads an order number; people may type it in lower case. */
function readOrderNumber(raw: string): string {
  if (!orderNumberPattern.test(raw)) throw orderNotFound();
  return raw.toUpperCase();
}

function requireOrder(outcome: ApiOutcome<Order>): Order {
  if (!outcome.ok && outcome.status === 404) throw orderNotFound();
  return requireApiData(outcome);
}

/** Parses the history's `page` query value; absent means the first page. */
function readPage(raw: unknown): number {
  if (raw === undefined || raw === "") return 1;
  const text = typeof raw === "string" ? raw.trim() : "";
  const page = /^\d{1,7}$/.test(text) ? Number(text) : 0;
  if (page < 1 || page > maxPage) {
    throw new PageError(
      "BAD_REQUEST",
      `The page number must be a whole number from 1 to ${maxPage}.`,
      {
        fieldErrors: [{ field: "page", message: "Enter a page number from 1" }],
      },
    );
  }
  return page;
}

/** Returns the flash text after a cancellation, with the refund if any. */
function describeCancellation(order: Order): string {
  const cancelled = `Order ${order.number} was cancelled; the stock has been returned.`;
  const refunded = order.refunds.reduce(
    (sum, refund) => sum + refund.amount,
    0,
  );
  if (refunded === 0) {
    return `${cancelled} Nothing was charged, so there is nothing to refund.`;
  }
  const card =
    order.payment.card_last4 === null
      ? ""
      : ` to your card ending ${order.payment.card_last4}`;
  return `${cancelled} ${formatMoney(refunded, order.currency)} has been refunded${card}.`;
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function orderRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { orders } = app;
  app.addHook("onSend", preventCaching);
  app.addHook("preHandler", requireSignedIn);

  /** Loads the user's order `number` and names its shipping method. */
  async function loadOrderView(
    requestId: string,
    accessToken: string,
    number: string,
  ): Promise<ReturnType<typeof buildOrderView>> {
    const [order, methods] = await Promise.all([
      orders.getOrder(requestId, accessToken, number),
      orders.listShippingMethods(requestId),
    ]);
    return buildOrderView(
      requireOrder(order),
      methods.ok ? methods.data.results : [],
    );
  }

  app.get<ListQuery>("/orders", async (request, reply) => {
    const user = signedInUser(request);
    const page = readPage(request.query.page);
    const list = requireApiData(
      await orders.listOrders(request.id, user.accessToken, {
        page,
        pageSize: ordersPerPage,
      }),
    );
    return renderFormPage(app, request, reply, "orders/list.njk", {
      orders: list.results.map(buildOrderSummaryView),
      count: list.count,
      pagination: buildPagination(list.page, list.total_pages, (number) =>
        number === 1 ? "/orders" : `/orders?page=${number}`,
      ),
    });
  });

  app.get<NumberParams>("/orders/:number", async (request, reply) => {
    const user = signedInUser(request);
    const number = readOrderNumber(request.params.number);
    const order = await loadOrderView(request.id, user.accessToken, number);
    return renderFormPage(app, request, reply, "orders/detail.njk", { order });
  });

  app.get<NumberParams>(
    "/orders/:number/confirmation",
    async (request, reply) => {
      const user = signedInUser(request);
      const number = readOrderNumber(request.params.number);
      const order = await loadOrderView(request.id, user.accessToken, number);
      return renderFormPage(app, request, reply, "orders/confirmation.njk", {
        order,
      });
    },
  );

  app.post<NumberParams>("/orders/:number/cancel", async (request, reply) => {
    const user = signedInUser(request);
    const number = readOrderNumber(request.params.number);
    const outcome = await orders.cancelOrder(
      request.id,
      user.accessToken,
      number,
    );
    if (!outcome.ok && outcome.status === 409) {
      addFlash(
        request,
        await describeRefusedCancel(request.id, user.accessToken, number),
      );
      return reply.redirect(orderPath(number), 303);
    }
    const order = requireOrder(outcome);
    addFlash(request, { kind: "success", text: describeCancellation(order) });
    return reply.redirect(orderPath(order.number), 303);
  });

  /**
   * Explains why an order cannot be cancelled, naming its status now. An
   * order already cancelled, as by a double click on the button, is not an
   * error: the shopper got what they asked for.
   */
  async function describeRefusedCancel(
    requestId: string,
    accessToken: string,
    number: string,
  ): Promise<FlashMessage> {
    const order = requireOrder(
      await orders.getOrder(requestId, accessToken, number),
    );
    if (order.status === "cancelled") {
      return { kind: "info", text: `Order ${order.number} is cancelled.` };
    }
    const status = orderStatusLabel(order.status).toLowerCase();
    return {
      kind: "error",
      text: `Order ${order.number} cannot be cancelled, because it is ${status}. Only pending or paid orders can be cancelled.`,
    };
  }

  done();
}
