// The review step and placing the order. The review page carries the only
// form that sends card details, so the web never stores the number or the
// security code: they go from this form's request straight to the API, and
// a refused form comes back without them. Each rendering of the page gets
// a new Idempotency-Key in a hidden field, and the applied coupon and the
// total shown go along as `applied_coupon_code` and `expected_total`. A
// double click or a reloaded POST therefore sends the same key and body,
// and the API returns the one order it placed. The coupon form of the page
// is in coupon.routes.ts.
import { randomUUID } from "node:crypto";

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireApiData, type ApiOutcome } from "../../api/accounts.js";
import type { Cart } from "../../api/carts.js";
import type { Problem } from "../../api/client.js";
import type { Order, PlaceOrderBody } from "../../api/orders.js";
import { PageError, type FieldError } from "../../errors.js";
import { addFlash, signedInUser } from "../../plugins/session.js";
import { emptyForm, failedForm, readFields } from "../account/forms.js";
import { preventCaching } from "../account/render.js";
import { rememberCartCount } from "../cart/cart-session.js";
import {
  addressErrorsFromProblem,
  addressGoneMessage,
  addressLabels,
  isAddressField,
  typedAddressValues,
} from "./checkout-address.js";
import {
  cartPath,
  checkoutOwnerOf,
  earlierStepToDo,
  loadReadyCart,
  renderAddressStep,
  renderPaymentStep,
  renderShippingStep,
  requireCheckoutShopper,
} from "./checkout-pages.js";
import {
  couponRejectionError,
  declineMessage,
  isReviewField,
  parseCardFields,
  parseCouponCode,
  reviewErrorsFromProblem,
  reviewLabels,
  secretReviewFields,
} from "./checkout-payment.js";
import {
  finishCheckout,
  readCheckoutState,
  stepPath,
  updateCheckoutState,
} from "./checkout-state.js";
import { couponRoutes } from "./coupon.routes.js";
import { stockFailureMessages } from "./stock-messages.js";
import {
  readCompleteChoices,
  renderReviewPage,
  type CompleteChoices,
  type ReviewRender,
} from "./review-view.js";

type FormBody = { Body: unknown };

/** The characters an Idempotency-Key may use, as the API checks them. */
const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{1,100}$/;
/** Totals are whole minor units, and 15 digits stay exact as numbers. */
const expectedTotalPattern = /^\d{1,15}$/;

/** An order the API refused, with what the shopper sent. */
interface FailedAttempt {
  request: FastifyRequest;
  reply: FastifyReply;
  status: number;
  problem: Problem | undefined;
  /** The review form's fields as posted. */
  values: Record<string, string>;
  idempotencyKey: string;
  choices: CompleteChoices;
}

/** Returns the confirmation page's path of order `number`. */
export function confirmationPath(number: string): string {
  return `/orders/${encodeURIComponent(number)}/confirmation`;
}

/** Returns the values of the address step for the session's choice. */
function addressStepValues(choices: CompleteChoices): Record<string, string> {
  const { address } = choices;
  if (address.kind === "typed") return typedAddressValues(address.address);
  return { address_choice: address.id };
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function placeOrderRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  app.addHook("onSend", preventCaching);
  app.addHook("preHandler", requireCheckoutShopper);

  /** Renders the review page for the session's choices. */
  function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    options: ReviewRender,
  ): Promise<string | FastifyReply> {
    return renderReviewPage(app, request, reply, options);
  }

  app.get(stepPath("review"), async (request, reply) => {
    const earlier = earlierStepToDo(request, "review");
    if (earlier !== undefined) return reply.redirect(earlier, 303);
    return renderReview(request, reply, {
      form: emptyForm(),
      idempotencyKey: randomUUID(),
    });
  });

  /** Sends the shopper to the cart with the reason the order failed. */
  async function backToCart(attempt: FailedAttempt): Promise<FastifyReply> {
    const { request, reply } = attempt;
    const outcome = await app.carts.getCart(
      request.id,
      checkoutOwnerOf(request),
    );
    const cart: Cart | undefined = outcome.ok ? outcome.data : undefined;
    if (cart !== undefined) rememberCartCount(request, cart.item_count);
    for (const text of stockFailureMessages(attempt.problem, cart)) {
      addFlash(request, { kind: "error", text });
    }
    return reply.redirect(cartPath, 303);
  }

  /** Renders the review page again with the attempt's values and errors. */
  function showReviewAgain(
    attempt: FailedAttempt,
    errors: FieldError[],
    extra: Partial<ReviewRender> = {},
  ): Promise<string | FastifyReply> {
    return renderReview(attempt.request, attempt.reply, {
      form: failedForm(attempt.values, errors, {
        labels: reviewLabels,
        secretFields: secretReviewFields,
      }),
      idempotencyKey: attempt.idempotencyKey,
      status: attempt.status,
      ...extra,
    });
  }

  /**
   * Shows a 400 or 404 next to the field it names, on the step the field
   * belongs to: the address, the shipping or payment method, or the card
   * and coupon fields of the review.
   */
  async function showRejectedField(
    attempt: FailedAttempt,
  ): Promise<string | FastifyReply> {
    const { request, reply, problem, choices } = attempt;
    const apiFields = (problem?.errors ?? []).map((error) => error.field);

    if (attempt.status === 404 || apiFields.some(isAddressField)) {
      // The API's 404 means the saved address is no longer the user's.
      const errors =
        attempt.status === 404
          ? [{ field: "address_choice", message: addressGoneMessage }]
          : addressErrorsFromProblem(problem);
      const form = failedForm(addressStepValues(choices), errors, {
        labels: addressLabels,
      });
      return renderAddressStep(app, request, reply, { form, status: 400 });
    }
    if (apiFields.includes("shipping_method")) {
      const cart = await loadReadyCart(app, request);
      if (cart === undefined) return reply.redirect(cartPath, 303);
      const form = failedForm(
        { shipping_method: choices.shippingMethod },
        [{ field: "shipping_method", message: "Choose a shipping method" }],
        { labels: { shipping_method: "Shipping method" } },
      );
      return renderShippingStep(app, request, reply, cart, {
        form,
        status: 400,
      });
    }
    if (apiFields.includes("payment_method")) {
      const form = failedForm(
        { payment_method: choices.paymentMethod },
        [{ field: "payment_method", message: "Choose how you want to pay" }],
        { labels: { payment_method: "Payment method" } },
      );
      return renderPaymentStep(app, request, reply, { form, status: 400 });
    }
    if (apiFields.length > 0 && apiFields.every(isReviewField)) {
      return showReviewAgain(
        attempt,
        reviewErrorsFromProblem(problem, "card_number"),
      );
    }
    // The hidden fields were changed or the key was refused: start over
    // with a fresh form.
    return showReviewAgain(attempt, [], {
      idempotencyKey: randomUUID(),
      notice: {
        text: `${problem?.detail ?? "The order was not accepted."} Check the order and place it again.`,
      },
    });
  }

  /**
   * Shows a coupon the API rejected while placing the order, such as one
   * used up since it was applied: the coupon is dropped, the page is priced
   * without it, and the reason is shown next to the coupon field.
   */
  function showCouponRejected(
    attempt: FailedAttempt,
  ): Promise<string | FastifyReply> {
    const code = attempt.values.applied_coupon_code ?? "";
    if (readCheckoutState(attempt.request).couponCode === code) {
      updateCheckoutState(attempt.request, { couponCode: undefined });
    }
    return showReviewAgain(
      { ...attempt, values: { ...attempt.values, coupon_code: code } },
      [couponRejectionError(attempt.problem)],
    );
  }

  /** Shows a 409: a changed total, a refused coupon or a cart problem. */
  function showConflict(
    attempt: FailedAttempt,
  ): Promise<string | FastifyReply> {
    const { problem } = attempt;
    switch (problem?.code) {
      case "TOTAL_CHANGED":
        // The page is priced again, so it shows and sends the new total.
        return showReviewAgain(attempt, [], {
          isTotalChanged: true,
          notice: {
            text: "The total has changed since this page was shown, because a price changed. Check the new total and place the order again.",
          },
        });
      case "COUPON_NOT_APPLICABLE":
        return showCouponRejected(attempt);
      case "CART_EMPTY":
      case "INSUFFICIENT_STOCK":
      case "VARIANT_UNAVAILABLE":
        return backToCart(attempt);
      default:
        return showReviewAgain(attempt, [], {
          notice: {
            text: `${problem?.detail ?? "The order could not be placed now."} Nothing was charged.`,
          },
        });
    }
  }

  /**
   * Shows a failed order to the shopper: field errors next to their field,
   * on the step they belong to, and stock problems on the cart page.
   * Statuses with no page of their own become error pages.
   */
  function showPlaceFailure(
    attempt: FailedAttempt,
    outcome: Exclude<ApiOutcome<Order>, { ok: true }>,
  ): Promise<string | FastifyReply> {
    const { problem } = attempt;
    switch (attempt.status) {
      case 400:
      case 404:
        return showRejectedField(attempt);
      case 402:
        return showReviewAgain(attempt, [
          { field: "card_number", message: declineMessage(problem) },
        ]);
      case 409:
        return showConflict(attempt);
      case 422:
        return showReviewAgain(attempt, [], {
          idempotencyKey: randomUUID(),
          notice: {
            text: "This form was already used to place an order with different details, so it was not sent again. Check the order and place it again.",
          },
        });
    }
    if (attempt.status === 403 && problem?.code === "EMAIL_NOT_VERIFIED") {
      return showReviewAgain(attempt, [], {
        notice: {
          text: "The shop takes orders only from verified email addresses. Verify yours, then place the order.",
          link: { url: "/verify-email", text: "Verify your email address" },
        },
      });
    }
    // 401 ends the session; 429 and 5xx show the error page.
    requireApiData(outcome);
    throw new PageError(
      "INTERNAL",
      `Unexpected API status ${attempt.status} from POST /orders.`,
    );
  }

  app.post<FormBody>(stepPath("review"), async (request, reply) => {
    const values = readFields(request.body, [
      "idempotency_key",
      "expected_total",
      "applied_coupon_code",
      ...Object.keys(reviewLabels),
    ]);
    const idempotencyKey = values.idempotency_key ?? "";

    // A form sent again after its order was placed shows that order.
    const placed = readCheckoutState(request).placedOrder;
    if (placed !== undefined && placed.idempotencyKey === idempotencyKey) {
      return reply.redirect(confirmationPath(placed.number), 303);
    }
    const earlier = earlierStepToDo(request, "review");
    if (earlier !== undefined) return reply.redirect(earlier, 303);
    const choices = readCompleteChoices(request);
    if (choices === undefined) return reply.redirect(stepPath("address"), 303);

    const expectedTotal = values.expected_total ?? "";
    const coupon = parseCouponCode(values.applied_coupon_code ?? "");
    if (
      !idempotencyKeyPattern.test(idempotencyKey) ||
      !expectedTotalPattern.test(expectedTotal) ||
      "error" in coupon
    ) {
      return renderReview(request, reply, {
        form: emptyForm(),
        idempotencyKey: randomUUID(),
        notice: {
          text: "The form was incomplete, so no order was placed. Check the order and place it again.",
        },
        status: 400,
      });
    }

    const card =
      choices.paymentMethod === "test_card"
        ? parseCardFields(values)
        : { card: undefined };
    if ("errors" in card) {
      return renderReview(request, reply, {
        form: failedForm(values, card.errors, {
          labels: reviewLabels,
          secretFields: secretReviewFields,
        }),
        idempotencyKey,
        status: 400,
      });
    }

    const body: PlaceOrderBody = {
      ...(choices.address.kind === "saved"
        ? { shipping_address_id: choices.address.id }
        : { shipping_address: choices.address.address }),
      // The code came from GET /shipping-methods when the step was saved;
      // the API rejects it with a 400 if the shop dropped it since.
      shipping_method:
        choices.shippingMethod as PlaceOrderBody["shipping_method"],
      payment_method: choices.paymentMethod,
      ...(card.card === undefined ? {} : { card: card.card }),
      ...(coupon.code === undefined ? {} : { coupon_code: coupon.code }),
      expected_total: Number(expectedTotal),
    };
    const user = signedInUser(request);
    const outcome = await app.orders.placeOrder(
      request.id,
      user.accessToken,
      idempotencyKey,
      body,
    );
    if (!outcome.ok) {
      const attempt: FailedAttempt = {
        request,
        reply,
        status: outcome.status,
        problem: outcome.problem,
        values,
        idempotencyKey,
        choices,
      };
      return showPlaceFailure(attempt, outcome);
    }

    const order = outcome.data;
    rememberCartCount(request, 0);
    finishCheckout(request, { idempotencyKey, number: order.number });
    return reply.redirect(confirmationPath(order.number), 303);
  });

  app.register(couponRoutes);
  done();
}
