// The review page: the cart's lines, the chosen address, shipping and
// payment, the applied coupon, and the totals the API priced for exactly
// these choices (GET /me/cart with shipping_method and coupon_code), so the
// page shows what the order will charge. The choices come from the session.
// A saved address or a shipping method that has gone since it was chosen
// sends the shopper back to its step. A coupon the API no longer accepts is
// dropped, and its reason is shown next to the coupon field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireApiData } from "../../api/accounts.js";
import type { Address } from "../../api/account-settings.js";
import type { Cart, CartPricingQuery } from "../../api/carts.js";
import type { ShippingMethod, TypedShippingAddress } from "../../api/orders.js";
import type { FieldError } from "../../errors.js";
import { addFlash, signedInUser } from "../../plugins/session.js";
import { countryName } from "../account/countries.js";
import type { FormState } from "../account/forms.js";
import { describeOptions } from "../cart/cart-view.js";
import { productUrl } from "../layout.js";
import {
  cartPath,
  describeDeliveryDays,
  loadReadyCart,
  renderStep,
} from "./checkout-pages.js";
import {
  couponRejectionError,
  isCouponRejection,
  paymentMethodLabel,
} from "./checkout-payment.js";
import {
  readCheckoutState,
  stepPath,
  updateCheckoutState,
  type CheckoutState,
} from "./checkout-state.js";
import { toReviewTotals, type ReviewTotals } from "./checkout-totals.js";

/** An address as the order pages show it, with the country's name. */
export interface AddressView {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  countryName: string;
  phone: string;
}

export interface ReviewLine {
  name: string;
  url: string;
  optionsText: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  isPriceChanged: boolean;
}

/** Everything the review page shows besides its form. */
export interface ReviewContent {
  lines: ReviewLine[];
  address: AddressView;
  shipping: { name: string; price: number; deliveryText: string };
  payment: { label: string; needsCard: boolean };
  totals: ReviewTotals;
  changePaths: { address: string; shipping: string; payment: string };
  /** The coupon the API rejected since it was applied, and why. */
  droppedCoupon?: { code: string; error: FieldError };
}

/** The complete choices of a session that reached the review step. */
export interface CompleteChoices {
  address: NonNullable<CheckoutState["address"]>;
  shippingMethod: string;
  paymentMethod: NonNullable<CheckoutState["paymentMethod"]>;
  /** The coupon applied on the review page; undefined for none. */
  couponCode: string | undefined;
}

/** Returns the session's choices; undefined when a step is not done. */
export function readCompleteChoices(
  request: FastifyRequest,
): CompleteChoices | undefined {
  const { address, shippingMethod, paymentMethod, couponCode } =
    readCheckoutState(request);
  if (address === undefined || shippingMethod === undefined) return undefined;
  if (paymentMethod === undefined) return undefined;
  return { address, shippingMethod, paymentMethod, couponCode };
}

/** Builds the view of an address typed at checkout or saved in the book. */
export function toAddressView(
  address: TypedShippingAddress | Address,
): AddressView {
  return {
    name: address.name,
    line1: address.line1,
    line2: address.line2 ?? "",
    city: address.city,
    region: address.region ?? "",
    postalCode: address.postal_code,
    countryName: countryName(address.country),
    phone: address.phone ?? "",
  };
}

function buildReviewLines(cart: Cart): ReviewLine[] {
  return cart.items.map((line) => ({
    name: line.product_name,
    url: productUrl(line.product_slug),
    optionsText: describeOptions(line.options),
    quantity: line.quantity,
    unitPrice: line.unit_price,
    lineTotal: line.line_total,
    isPriceChanged: line.flags.includes("price_changed"),
  }));
}

/**
 * Loads the address the session names. Returns undefined, after forgetting
 * the choice and flashing why, when the address book no longer has it.
 */
async function loadChosenAddress(
  app: FastifyInstance,
  request: FastifyRequest,
  chosen: CompleteChoices["address"],
): Promise<AddressView | undefined> {
  if (chosen.kind === "typed") return toAddressView(chosen.address);
  const user = signedInUser(request);
  const outcome = await app.accountSettings.getAddress(
    request.id,
    user.accessToken,
    chosen.id,
  );
  if (!outcome.ok && outcome.status === 404) {
    updateCheckoutState(request, { address: undefined });
    addFlash(request, {
      kind: "error",
      text: "The address you chose is no longer in your address book. Choose another one.",
    });
    return undefined;
  }
  return toAddressView(requireApiData(outcome));
}

/**
 * Loads the shipping method the session names. Returns undefined, after
 * forgetting the choice and flashing why, when the shop no longer offers it.
 */
async function loadChosenMethod(
  app: FastifyInstance,
  request: FastifyRequest,
  code: string,
): Promise<ShippingMethod | undefined> {
  const methods = requireApiData(
    await app.orders.listShippingMethods(request.id),
  ).results;
  const method = methods.find((candidate) => candidate.code === code);
  if (method === undefined) {
    updateCheckoutState(request, { shippingMethod: undefined });
    addFlash(request, {
      kind: "error",
      text: "The shipping method you chose is no longer offered. Choose another one.",
    });
  }
  return method;
}

/**
 * Asks the API to price the user's cart with `methodCode` and `couponCode`,
 * as POST /orders would charge it. Returns the rejection instead when the
 * API rejects the coupon.
 */
export async function priceCartForCheckout(
  app: FastifyInstance,
  request: FastifyRequest,
  methodCode: string,
  couponCode: string | undefined,
): Promise<{ cart: Cart } | { rejection: FieldError }> {
  const query: CartPricingQuery = {
    // The code came from GET /shipping-methods when the step was saved.
    shipping_method: methodCode as CartPricingQuery["shipping_method"],
    ...(couponCode === undefined ? {} : { coupon_code: couponCode }),
  };
  const outcome = await app.carts.priceMyCart(
    request.id,
    signedInUser(request).accessToken,
    query,
  );
  if (isCouponRejection(outcome)) {
    return { rejection: couponRejectionError(outcome.problem) };
  }
  return { cart: requireApiData(outcome) };
}

/**
 * Prices the cart with the session's method and coupon. A coupon the API
 * no longer accepts (it expired or was used up since it was applied) is
 * forgotten, and the cart is priced without it.
 */
async function priceChosenCart(
  app: FastifyInstance,
  request: FastifyRequest,
  methodCode: string,
  couponCode: string | undefined,
): Promise<{ cart: Cart; droppedCoupon?: ReviewContent["droppedCoupon"] }> {
  const priced = await priceCartForCheckout(
    app,
    request,
    methodCode,
    couponCode,
  );
  if ("cart" in priced) return priced;
  updateCheckoutState(request, { couponCode: undefined });
  const withoutCoupon = await priceCartForCheckout(
    app,
    request,
    methodCode,
    undefined,
  );
  if ("rejection" in withoutCoupon) {
    throw new Error("The API rejected a coupon in a request that sent none.");
  }
  return {
    cart: withoutCoupon.cart,
    droppedCoupon: { code: couponCode ?? "", error: priced.rejection },
  };
}

/**
 * Builds the review page's content from the session's choices. Returns
 * the path of the step to go back to when one of them has gone.
 */
export async function buildReviewContent(
  app: FastifyInstance,
  request: FastifyRequest,
  choices: CompleteChoices,
): Promise<{ content: ReviewContent } | { backTo: string }> {
  const address = await loadChosenAddress(app, request, choices.address);
  if (address === undefined) return { backTo: stepPath("address") };
  const method = await loadChosenMethod(app, request, choices.shippingMethod);
  if (method === undefined) return { backTo: stepPath("shipping") };

  const { cart, droppedCoupon } = await priceChosenCart(
    app,
    request,
    method.code,
    choices.couponCode,
  );
  const totals = toReviewTotals(cart);
  return {
    content: {
      lines: buildReviewLines(cart),
      address,
      shipping: {
        name: method.name,
        price: totals.shipping,
        deliveryText: describeDeliveryDays(method),
      },
      payment: {
        label: paymentMethodLabel(choices.paymentMethod),
        needsCard: choices.paymentMethod === "test_card",
      },
      totals,
      changePaths: {
        address: stepPath("address"),
        shipping: stepPath("shipping"),
        payment: stepPath("payment"),
      },
      ...(droppedCoupon === undefined ? {} : { droppedCoupon }),
    },
  };
}

/** A message above the review form about the order as a whole. */
export interface ReviewNotice {
  text: string;
  /** A link that helps, such as the page to verify the email address. */
  link?: { url: string; text: string };
}

/** How to render the review page. */
export interface ReviewRender {
  form: FormState;
  idempotencyKey: string;
  notice?: ReviewNotice;
  /** True after TOTAL_CHANGED: the page names the new total. */
  isTotalChanged?: boolean;
  status?: number;
}

/**
 * Adds the error of a coupon the API rejected to `form`, with the code in
 * the coupon field, unless the form already has a coupon error.
 */
function withDroppedCoupon(
  form: FormState,
  dropped: ReviewContent["droppedCoupon"],
): FormState {
  if (dropped === undefined || form.errorsByField.coupon_code !== undefined) {
    return form;
  }
  return {
    values: { ...form.values, coupon_code: dropped.code },
    errors: [...form.errors, dropped.error],
    errorsByField: {
      ...form.errorsByField,
      coupon_code: dropped.error.message,
    },
  };
}

/**
 * Renders the review page for the session's choices, or redirects to the
 * cart or to a step when the cart or a choice no longer allows it.
 */
export async function renderReviewPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ReviewRender,
): Promise<string | FastifyReply> {
  const choices = readCompleteChoices(request);
  if (choices === undefined) return reply.redirect(stepPath("address"), 303);
  const ready = await loadReadyCart(app, request);
  if (ready === undefined) return reply.redirect(cartPath, 303);
  const built = await buildReviewContent(app, request, choices);
  if ("backTo" in built) return reply.redirect(built.backTo, 303);

  const { content } = built;
  return renderStep(
    app,
    request,
    reply,
    "review",
    {
      ...content,
      form: withDroppedCoupon(options.form, content.droppedCoupon),
      idempotencyKey: options.idempotencyKey,
      expectedTotal: content.totals.total,
      totalChanged: options.isTotalChanged ?? false,
      notice: options.notice,
    },
    options.status,
  );
}
