// Helpers shared by the checkout step pages: the sign-in guard, the check
// that the cart can be ordered and the order of the steps. The address,
// shipping and payment steps are rendered here too, because the final form
// shows them again when the API rejects one of their choices.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireApiData } from "../../api/accounts.js";
import type { Address } from "../../api/account-settings.js";
import type { Cart, CartOwner } from "../../api/carts.js";
import type { ShippingMethod } from "../../api/orders.js";
import { signInUrl } from "../../auth/next-path.js";
import { formatMoney } from "../../money.js";
import { addFlash, signedInUser } from "../../plugins/session.js";
import { emptyForm, type FormState } from "../account/forms.js";
import { renderFormPage } from "../account/render.js";
import { mergeGuestCart, rememberCartCount } from "../cart/cart-session.js";
import { isReadyForCheckout } from "../cart/cart-view.js";
import {
  describeSavedAddress,
  newAddressChoice,
  selectableCountries,
  typedAddressValues,
} from "./checkout-address.js";
import { isCouponRejection, paymentChoices } from "./checkout-payment.js";
import {
  buildStepLinks,
  checkoutSteps,
  firstStepNotDone,
  readCheckoutState,
  stepPath,
  type CheckoutStepName,
} from "./checkout-state.js";
import { shippingPriceOf } from "./checkout-totals.js";

export const checkoutPath = "/checkout";
export const cartPath = "/cart";

/**
 * Sends visitors who are not signed in to the sign-in page, which leads
 * back to the checkout afterwards. A preHandler of every checkout route.
 */
export async function requireCheckoutShopper(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (request.user !== null) return undefined;
  // The flash messages taken for this request were never shown: keep them.
  const unshown = reply.locals?.flashMessages ?? [];
  request.session.set("flash", [
    ...unshown,
    { kind: "info", text: "Sign in or register to check out." },
  ]);
  return reply.redirect(signInUrl(checkoutPath), 303);
}

/**
 * Returns whose cart the checkout orders: the signed-in user's, because the
 * API places orders for users only.
 * TODO: return the guest cart's owner once the API takes guest orders.
 */
export function checkoutOwnerOf(request: FastifyRequest): CartOwner {
  return { kind: "user", accessToken: signedInUser(request).accessToken };
}

/**
 * Loads the cart to check out. Returns undefined, with a flash message that
 * gives the reason, when it is empty or a line must change first. The caller
 * then sends the shopper to the cart.
 */
export async function loadReadyCart(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<Cart | undefined> {
  const owner = checkoutOwnerOf(request);
  // A guest cart that could not be merged at sign-in is merged now, so
  // that none of its lines is left out of the order.
  const merged =
    owner.kind === "user"
      ? await mergeGuestCart(app, request, owner.accessToken)
      : undefined;
  const cart =
    merged ?? requireApiData(await app.carts.getCart(request.id, owner));
  rememberCartCount(request, cart.item_count);
  if (cart.items.length === 0) {
    addFlash(request, {
      kind: "info",
      text: "Your cart is empty. Add something to it before you check out.",
    });
    return undefined;
  }
  if (!isReadyForCheckout(cart)) {
    addFlash(request, {
      kind: "error",
      text: "Some items in your cart cannot be ordered as they are. Change the items marked below, then check out again.",
    });
    return undefined;
  }
  return cart;
}

/**
 * Returns the path of the first step not done yet when it comes before
 * `step`, so that the steps are taken in order; undefined otherwise.
 */
export function earlierStepToDo(
  request: FastifyRequest,
  step: CheckoutStepName,
): string | undefined {
  const names = checkoutSteps.map((candidate) => candidate.name);
  const toDo = firstStepNotDone(readCheckoutState(request));
  return names.indexOf(toDo) < names.indexOf(step) ? stepPath(toDo) : undefined;
}

/** Renders one step page with the list of steps above it. */
export function renderStep(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  step: CheckoutStepName,
  context: object,
  status = 200,
): Promise<string> {
  const steps = buildStepLinks(readCheckoutState(request), step);
  return renderFormPage(
    app,
    request,
    reply,
    `checkout/${step}.njk`,
    { steps, ...context },
    { status },
  );
}

/** Returns the address step's values from the session, or the defaults. */
function addressFormValues(
  request: FastifyRequest,
  savedAddresses: readonly Address[],
): Record<string, string> {
  const chosen = readCheckoutState(request).address;
  if (chosen?.kind === "typed") return typedAddressValues(chosen.address);
  if (chosen?.kind === "saved") return { address_choice: chosen.id };
  const preferred =
    savedAddresses.find((address) => address.is_default_shipping) ??
    savedAddresses[0];
  return { address_choice: preferred?.id ?? newAddressChoice };
}

/**
 * Renders the address step. Without `form`, the form shows the session's
 * choice, or else the default address of the address book.
 */
export async function renderAddressStep(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { form?: FormState; status?: number } = {},
): Promise<string> {
  const user = signedInUser(request);
  const list = requireApiData(
    await app.accountSettings.listAddresses(request.id, user.accessToken),
  );
  const form =
    options.form ?? emptyForm(addressFormValues(request, list.results));
  const savedChoices = list.results.map((address) => ({
    value: address.id,
    label: describeSavedAddress(address),
    hint: address.is_default_shipping ? "Your default shipping address" : "",
  }));
  const addressChoices = [
    ...savedChoices,
    {
      value: newAddressChoice,
      label: "A new address",
      hint: "Enter it in the fields below.",
    },
  ];
  return renderStep(
    app,
    request,
    reply,
    "address",
    {
      form,
      hasSavedAddresses: savedChoices.length > 0,
      addressChoices,
      newAddressChoice,
      countries: selectableCountries,
    },
    options.status,
  );
}

/** Describes a method's delivery time: "1 business day", "3 to 5 ...". */
export function describeDeliveryDays(method: ShippingMethod): string {
  const { delivery_days_min: min, delivery_days_max: max } = method;
  if (min === max) return `${min} business ${min === 1 ? "day" : "days"}`;
  return `${min} to ${max} business days`;
}

/**
 * Returns the subtotal after the applied coupon's discount, from which the
 * shipping methods' free thresholds count. A coupon the API rejects counts
 * as none here, and the review page drops it and shows why.
 */
async function discountedSubtotalOf(
  app: FastifyInstance,
  request: FastifyRequest,
  cart: Cart,
): Promise<number> {
  const { couponCode } = readCheckoutState(request);
  let priced = cart;
  if (couponCode !== undefined) {
    const outcome = await app.carts.priceMyCart(
      request.id,
      signedInUser(request).accessToken,
      { coupon_code: couponCode },
    );
    if (!isCouponRejection(outcome)) priced = requireApiData(outcome);
  }
  return priced.totals.subtotal - priced.totals.discount_total;
}

/** Renders the shipping step with each method priced for `cart`. */
export async function renderShippingStep(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  cart: Cart,
  options: { form?: FormState; status?: number } = {},
): Promise<string> {
  const methods = requireApiData(
    await app.orders.listShippingMethods(request.id),
  ).results;
  const discountedSubtotal = await discountedSubtotalOf(app, request, cart);
  const chosen =
    readCheckoutState(request).shippingMethod ?? cart.estimated_shipping_method;
  const choices = methods.map((method) => ({
    value: method.code,
    label: method.name,
    price: shippingPriceOf(method, discountedSubtotal),
    currency: method.currency,
    hint: describeShippingMethod(method),
  }));
  return renderStep(
    app,
    request,
    reply,
    "shipping",
    {
      form: options.form ?? emptyForm({ shipping_method: chosen }),
      choices,
    },
    options.status,
  );
}

/** Renders the payment step. */
export function renderPaymentStep(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { form?: FormState; status?: number } = {},
): Promise<string> {
  const chosen = readCheckoutState(request).paymentMethod ?? "";
  return renderStep(
    app,
    request,
    reply,
    "payment",
    {
      form: options.form ?? emptyForm({ payment_method: chosen }),
      choices: paymentChoices,
    },
    options.status,
  );
}

/** Returns the hint of a shipping choice: description, free threshold, days. */
export function describeShippingMethod(method: ShippingMethod): string {
  const free =
    method.free_from_subtotal === null
      ? ""
      : ` Free for orders of ${formatMoney(method.free_from_subtotal, method.currency)} or more.`;
  return `${method.description}${free} Delivery in ${describeDeliveryDays(method)}.`;
}
