// The review page's coupon form. Applying a code requests the API to price the
// cart with it (GET /me/cart with coupon_code), which checks the coupon as
// POST /orders does and takes no use of it. An accepted code is kept in the
// session's checkout state, and the review page is priced with it; a
// rejected one comes back next to the field with the API's reason and the
// typed code kept. A use of the coupon is taken only when the order is
// placed, so removing it again changes nothing at the API.
import { randomUUID } from "node:crypto";

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { FieldError } from "../../errors.js";
import { formatMoney } from "../../money.js";
import { addFlash } from "../../plugins/session.js";
import { failedForm, readFields } from "../account/forms.js";
import { cartPath, earlierStepToDo, loadReadyCart } from "./checkout-pages.js";
import { parseCouponCode, reviewLabels } from "./checkout-payment.js";
import {
  readCheckoutState,
  stepPath,
  updateCheckoutState,
} from "./checkout-state.js";
import {
  priceCartForCheckout,
  readCompleteChoices,
  renderReviewPage,
} from "./review-view.js";

type FormBody = { Body: unknown };

/** The path that the coupon form posts a code to. */
export const applyCouponPath = "/checkout/review/coupon";
/** The path that the applied coupon's remove button posts to. */
export const removeCouponPath = "/checkout/review/coupon/remove";

const couponLabels = { coupon_code: reviewLabels.coupon_code };

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function couponRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  /** Shows the review page again with `error` next to the coupon field. */
  function showCouponError(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    error: FieldError,
  ): Promise<string | FastifyReply> {
    return renderReviewPage(app, request, reply, {
      form: failedForm(values, [error], { labels: couponLabels }),
      idempotencyKey: randomUUID(),
      status: 400,
    });
  }

  app.post<FormBody>(applyCouponPath, async (request, reply) => {
    const earlier = earlierStepToDo(request, "review");
    if (earlier !== undefined) return reply.redirect(earlier, 303);
    const choices = readCompleteChoices(request);
    if (choices === undefined) return reply.redirect(stepPath("address"), 303);
    const cart = await loadReadyCart(app, request);
    if (cart === undefined) return reply.redirect(cartPath, 303);

    const values = readFields(request.body, Object.keys(couponLabels));
    const parsed = parseCouponCode(values.coupon_code ?? "");
    if ("error" in parsed) {
      return showCouponError(request, reply, values, parsed.error);
    }
    if (parsed.code === undefined) {
      return showCouponError(request, reply, values, {
        field: "coupon_code",
        message: "Enter a coupon code",
      });
    }
    const priced = await priceCartForCheckout(
      app,
      request,
      choices.shippingMethod,
      parsed.code,
    );
    if ("rejection" in priced) {
      return showCouponError(request, reply, values, priced.rejection);
    }

    const { totals, coupon } = priced.cart;
    const code = coupon?.code ?? parsed.code;
    updateCheckoutState(request, { couponCode: code });
    addFlash(request, {
      kind: "success",
      text: `Coupon ${code} applied: −${formatMoney(totals.discount_total, totals.currency)}.`,
    });
    return reply.redirect(stepPath("review"), 303);
  });

  app.post(removeCouponPath, async (request, reply) => {
    const { couponCode } = readCheckoutState(request);
    if (couponCode !== undefined) {
      updateCheckoutState(request, { couponCode: undefined });
      addFlash(request, {
        kind: "info",
        text: `Coupon ${couponCode} removed.`,
      });
    }
    return reply.redirect(stepPath("review"), 303);
  });

  done();
}
