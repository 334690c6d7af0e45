// Placing an order. Everything that changes data runs in ONE transaction:
//
//   1. claim the Idempotency-Key (a repeat waits for, then returns, the
//      first request's order)
//   2. lock the user's cart row and read its lines
//   3. check the coupon and price the order (checkout-pricing.ts, which
//      GET /me/cart shares); compare with expected_total
//   4. take the stock of every line with a guarded UPDATE
//   5. charge the payment (see payments/payment-providers.ts)
//   6. write the order, its lines, the coupon use and the first status
//   7. empty the cart
//
// Any failure rolls all of it back: no order, stock as before, cart intact.
// The catalog cache is cleared and the confirmation mail sent only after
// the commit.

import type { FastifyBaseLogger } from "fastify";

import type { ApiConfig } from "../../config.js";
import type { Database } from "../../db/client.js";
import type { OrderAddress } from "../../db/schema.js";
import { AppError, AppErrorWithMembers, invalidField } from "../../errors.js";
import { getOrCreateUserCart } from "../carts/carts.service.js";
import { deleteCartItems, listCartLines } from "../carts/carts.queries.js";
import type { MailService } from "../mail/mail.plugin.js";
import {
  assertCardValid,
  type CardInput,
  type ValidCard,
} from "../payments/cards.js";
import {
  getPaymentProvider,
  type PaymentMethodCode,
} from "../payments/payment-providers.js";
import type { OrderTotals } from "../pricing/pricing.js";
import {
  claimCouponUseOrThrow,
  recordRedemption,
} from "../coupons/coupons.service.js";
import { assertEmailVerifiedWhenRequired } from "../verification/require-verified-email.js";
import { buildOrderConfirmationMessage } from "../orders/orders.messages.js";
import { insertNewOrder } from "../orders/order-writer.js";
import {
  findOrderById,
  listOrderLines,
  type OrderRow,
} from "../orders/orders.queries.js";
import {
  claimIdempotencyKey,
  findCheckoutUser,
  findIdempotencyKey,
  setIdempotencyOrder,
} from "./checkout.queries.js";
import {
  getShippingMethodOrThrow,
  priceForCheckout,
} from "./checkout-pricing.js";
import {
  assertShippingAddressValid,
  loadShippingAddressOrThrow,
  type ShippingAddressInput,
} from "./shipping-address.js";
import { reserveStockOrThrow } from "./stock-reservation.js";

export interface CheckoutRequest {
  idempotencyKey: string;
  /** hashCheckoutRequest of the body, for spotting a reused key. */
  requestHash: string;
  shippingAddress?: ShippingAddressInput | undefined;
  shippingAddressId?: string | undefined;
  shippingMethod: string;
  paymentMethod: PaymentMethodCode;
  card?: CardInput | undefined;
  couponCode?: string | undefined;
  expectedTotal?: number | undefined;
}

export interface PlacedOrder {
  order: OrderRow;
  /** True when the key was used before and this is the first order again. */
  isReplay: boolean;
}

export interface CheckoutServiceDependencies {
  db: Database;
  now: () => Date;
  config: Pick<
    ApiConfig,
    | "currency"
    | "taxRateBasisPoints"
    | "pricesIncludeTax"
    | "requireVerifiedEmail"
  >;
  mail: Pick<MailService, "deliverMail">;
  /** Runs after a commit that changed stock, to drop cached catalog pages. */
  onStockChanged: () => void;
}

export interface CheckoutService {
  placeOrder(
    userId: string,
    request: CheckoutRequest,
    log: FastifyBaseLogger,
  ): Promise<PlacedOrder>;
}

/** Checks the body's rules that JSON schema cannot express. */
function assertRequestConsistent(
  request: CheckoutRequest,
  now: Date,
): { card: ValidCard | undefined } {
  const hasAddress = request.shippingAddress !== undefined;
  const hasAddressId = request.shippingAddressId !== undefined;
  if (hasAddress === hasAddressId) {
    throw invalidField(
      "shipping_address",
      "or shipping_address_id is required, but not both.",
    );
  }
  getShippingMethodOrThrow(request.shippingMethod);
  const provider = getPaymentProvider(request.paymentMethod);
  if (!provider.needsCard) return { card: undefined };
  if (!request.card) {
    throw invalidField(
      "card",
      `is required with payment_method ${provider.code}.`,
    );
  }
  return { card: assertCardValid(request.card, now) };
}

function assertExpectedTotal(
  expectedTotal: number | undefined,
  totals: OrderTotals,
  currency: string,
): void {
  if (expectedTotal === undefined || expectedTotal === totals.total) return;
  throw new AppErrorWithMembers(
    "TOTAL_CHANGED",
    `The order total is now ${totals.total} (minor units of ${currency}), not ${expectedTotal}: review the cart and confirm the new total.`,
    { total: totals.total, currency },
    [
      {
        field: "expected_total",
        message: `expected_total is ${expectedTotal}, but the total is now ${totals.total}.`,
      },
    ],
  );
}

/** Builds the checkout service. */
export function createCheckoutService(
  deps: CheckoutServiceDependencies,
): CheckoutService {
  const { db, config } = deps;
  const tax = {
    taxRateBasisPoints: config.taxRateBasisPoints,
    pricesIncludeTax: config.pricesIncludeTax,
  };

  /** Returns the order a repeated key placed, or throws 422 for a new body. */
  async function replayOrThrow(
    tx: Database,
    userId: string,
    request: CheckoutRequest,
  ): Promise<PlacedOrder> {
    const record = await findIdempotencyKey(tx, userId, request.idempotencyKey);
    if (record && record.requestHash !== request.requestHash) {
      throw new AppError(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was already used with a different request: send a new key for a new order.",
      );
    }
    const order = record?.orderId
      ? await findOrderById(tx, record.orderId)
      : undefined;
    if (!order) {
      throw new AppError(
        "CONFLICT",
        "A request with this Idempotency-Key is still in progress: retry in a moment.",
      );
    }
    return { order, isReplay: true };
  }

  async function resolveAddress(
    tx: Database,
    userId: string,
    request: CheckoutRequest,
  ): Promise<OrderAddress> {
    if (request.shippingAddress) {
      return assertShippingAddressValid(request.shippingAddress);
    }
    return loadShippingAddressOrThrow(
      tx,
      userId,
      request.shippingAddressId ?? "",
    );
  }

  async function placeOrderInTransaction(
    tx: Database,
    userId: string,
    request: CheckoutRequest,
    card: ValidCard | undefined,
    now: Date,
  ): Promise<PlacedOrder> {
    const isClaimed = await claimIdempotencyKey(tx, {
      userId,
      key: request.idempotencyKey,
      requestHash: request.requestHash,
      now,
    });
    if (!isClaimed) return replayOrThrow(tx, userId, request);

    const user = await findCheckoutUser(tx, userId);
    if (!user) {
      throw new AppError(
        "INVALID_TOKEN",
        "The account of this access token no longer exists.",
      );
    }
    assertEmailVerifiedWhenRequired(user, config);
    const cart = await getOrCreateUserCart(tx, userId, {
      forUpdate: true,
      now,
    });
    const lines = await listCartLines(tx, cart.id);
    if (lines.length === 0) {
      throw new AppError(
        "CART_EMPTY",
        "The cart is empty: add products before checkout.",
      );
    }
    const shippingAddress = await resolveAddress(tx, userId, request);

    const { totals, coupon } = await priceForCheckout(
      tx,
      lines,
      {
        shippingMethod: getShippingMethodOrThrow(request.shippingMethod),
        couponCode: request.couponCode,
      },
      { userId, now, settings: { tax, currency: config.currency } },
    );
    assertExpectedTotal(request.expectedTotal, totals, config.currency);

    await reserveStockOrThrow(tx, lines);
    if (coupon) await claimCouponUseOrThrow(tx, coupon, now);
    const payment = getPaymentProvider(request.paymentMethod).charge({
      amount: totals.total,
      currency: config.currency,
      card,
    });

    const order = await insertNewOrder(tx, {
      userId,
      email: user.email,
      lines,
      totals,
      tax,
      currency: config.currency,
      shippingMethod: request.shippingMethod,
      shippingAddress,
      coupon,
      paymentMethod: request.paymentMethod,
      payment,
      now,
    });
    if (coupon) {
      await recordRedemption(tx, {
        couponId: coupon.id,
        userId,
        orderId: order.id,
        now,
      });
    }
    await deleteCartItems(tx, cart.id);
    await setIdempotencyOrder(tx, {
      userId,
      key: request.idempotencyKey,
      orderId: order.id,
    });
    return { order, isReplay: false };
  }

  /**
   * Places an order from the user's cart. Throws VALIDATION_FAILED (400),
   * EMAIL_NOT_VERIFIED (403), NOT_FOUND for another user's address,
   * CART_EMPTY, TOTAL_CHANGED, COUPON_NOT_APPLICABLE, INSUFFICIENT_STOCK or
   * VARIANT_UNAVAILABLE (409), IDEMPOTENCY_KEY_REUSED (422) and
   * PAYMENT_DECLINED or INSUFFICIENT_FUNDS (402); after any of them nothing
   * has changed.
   */
  async function placeOrder(
    userId: string,
    request: CheckoutRequest,
    log: FastifyBaseLogger,
  ): Promise<PlacedOrder> {
    const now = deps.now();
    const { card } = assertRequestConsistent(request, now);

    const placed = await db.transaction((tx) =>
      placeOrderInTransaction(tx, userId, request, card, now),
    );
    if (placed.isReplay) return placed;

    deps.onStockChanged();
    log.info(
      { orderId: placed.order.id, userId, total: placed.order.total },
      "order placed",
    );
    const lines = await listOrderLines(db, placed.order.id);
    await deps.mail.deliverMail(
      buildOrderConfirmationMessage(placed.order, lines),
      log,
    );
    return placed;
  }

  return { placeOrder };
}
