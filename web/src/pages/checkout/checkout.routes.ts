// The first checkout steps: `/checkout` sends the shopper to the first step
// not done yet, then the address, shipping and payment forms each keep
// their choice in the encrypted session and lead to the next step not done.
// A step opened before the ones ahead of it leads back to those, and a cart
// that cannot be ordered leads back to the cart page with the reason.
// The review step and placing the order are in place-order.routes.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireApiData } from "../../api/accounts.js";
import type { FieldError } from "../../errors.js";
import { signedInUser } from "../../plugins/session.js";
import { failedForm, readFields, type FormState } from "../account/forms.js";
import { preventCaching } from "../account/render.js";
import {
  addressGoneMessage,
  addressLabels,
  newAddressChoice,
  parseTypedAddress,
} from "./checkout-address.js";
import {
  cartPath,
  checkoutPath,
  earlierStepToDo,
  loadReadyCart,
  renderAddressStep,
  renderPaymentStep,
  renderShippingStep,
  requireCheckoutShopper,
} from "./checkout-pages.js";
import { parsePaymentMethod } from "./checkout-payment.js";
import {
  firstStepNotDone,
  readCheckoutState,
  stepPath,
  updateCheckoutState,
  type ChosenAddress,
} from "./checkout-state.js";

type FormBody = { Body: unknown };

const shippingLabels = { shipping_method: "Shipping method" };
const paymentLabels = { payment_method: "Payment method" };

/** Redirects to the first step still to do, the review when all are done. */
function goToNextStep(
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const next = firstStepNotDone(readCheckoutState(request));
  return reply.redirect(stepPath(next), 303);
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function checkoutRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  app.addHook("onSend", preventCaching);
  app.addHook("preHandler", requireCheckoutShopper);

  app.get(checkoutPath, async (request, reply) => {
    const cart = await loadReadyCart(app, request);
    if (cart === undefined) return reply.redirect(cartPath, 303);
    return goToNextStep(request, reply);
  });

  app.get(stepPath("address"), async (request, reply) => {
    const cart = await loadReadyCart(app, request);
    if (cart === undefined) return reply.redirect(cartPath, 303);
    return renderAddressStep(app, request, reply);
  });

  /** Returns the chosen address, or the form's errors. */
  async function readAddressChoice(
    request: FastifyRequest,
    values: Record<string, string>,
  ): Promise<{ address: ChosenAddress } | { form: FormState }> {
    const choice = values.address_choice ?? "";
    const fail = (errors: FieldError[]): { form: FormState } => ({
      form: failedForm(values, errors, { labels: addressLabels }),
    });

    if (choice === newAddressChoice) {
      const parsed = parseTypedAddress(values);
      if ("errors" in parsed) return fail(parsed.errors);
      return { address: { kind: "typed", address: parsed.address } };
    }
    if (choice === "") {
      return fail([
        {
          field: "address_choice",
          message: "Choose a delivery address or enter a new one",
        },
      ]);
    }
    const user = signedInUser(request);
    const list = requireApiData(
      await app.accountSettings.listAddresses(request.id, user.accessToken),
    );
    if (!list.results.some((address) => address.id === choice)) {
      return fail([{ field: "address_choice", message: addressGoneMessage }]);
    }
    return { address: { kind: "saved", id: choice } };
  }

  app.post<FormBody>(stepPath("address"), async (request, reply) => {
    const values = readFields(request.body, Object.keys(addressLabels));
    const result = await readAddressChoice(request, values);
    if ("form" in result) {
      return renderAddressStep(app, request, reply, {
        form: result.form,
        status: 400,
      });
    }
    updateCheckoutState(request, { address: result.address });
    return goToNextStep(request, reply);
  });

  app.get(stepPath("shipping"), async (request, reply) => {
    const earlier = earlierStepToDo(request, "shipping");
    if (earlier !== undefined) return reply.redirect(earlier, 303);
    const cart = await loadReadyCart(app, request);
    if (cart === undefined) return reply.redirect(cartPath, 303);
    return renderShippingStep(app, request, reply, cart);
  });

  app.post<FormBody>(stepPath("shipping"), async (request, reply) => {
    const earlier = earlierStepToDo(request, "shipping");
    if (earlier !== undefined) return reply.redirect(earlier, 303);
    const values = readFields(request.body, Object.keys(shippingLabels));
    const methods = requireApiData(
      await app.orders.listShippingMethods(request.id),
    ).results;
    const method = methods.find(
      (candidate) => candidate.code === values.shipping_method,
    );
    if (method === undefined) {
      const cart = await loadReadyCart(app, request);
      if (cart === undefined) return reply.redirect(cartPath, 303);
      const form = failedForm(
        values,
        [{ field: "shipping_method", message: "Choose a shipping method" }],
        { labels: shippingLabels },
      );
      return renderShippingStep(app, request, reply, cart, {
        form,
        status: 400,
      });
    }
    updateCheckoutState(request, { shippingMethod: method.code });
    return goToNextStep(request, reply);
  });

  app.get(stepPath("payment"), async (request, reply) => {
    const earlier = earlierStepToDo(request, "payment");
    if (earlier !== undefined) return reply.redirect(earlier, 303);
    const cart = await loadReadyCart(app, request);
    if (cart === undefined) return reply.redirect(cartPath, 303);
    return renderPaymentStep(app, request, reply);
  });

  app.post<FormBody>(stepPath("payment"), async (request, reply) => {
    const earlier = earlierStepToDo(request, "payment");
    if (earlier !== undefined) return reply.redirect(earlier, 303);
    const values = readFields(request.body, Object.keys(paymentLabels));
    const method = parsePaymentMethod(values.payment_method ?? "");
    if (method === undefined) {
      const form = failedForm(
        values,
        [{ field: "payment_method", message: "Choose how you want to pay" }],
        { labels: paymentLabels },
      );
      return renderPaymentStep(app, request, reply, { form, status: 400 });
    }
    updateCheckoutState(request, { paymentMethod: method });
    return goToNextStep(request, reply);
  });

  done();
}
