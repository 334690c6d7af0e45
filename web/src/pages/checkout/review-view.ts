// The review page's content: the cart's lines, the chosen address, shipping
// and payment, and the totals priced with the chosen shipping method. The
// choices come from the session. A saved address or a shipping method that
// has gone since it was chosen sends the shopper back to its step.
import type { FastifyInstance, FastifyRequest } from "fastify";

import { requireApiData } from "../../api/accounts.js";
import type { Address } from "../../api/account-settings.js";
import type { Cart } from "../../api/carts.js";
import type { ShippingMethod, TypedShippingAddress } from "../../api/orders.js";
import { addFlash, signedInUser } from "../../plugins/session.js";
import { countryName } from "../account/countries.js";
import { describeOptions } from "../cart/cart-view.js";
import { productUrl } from "../layout.js";
import { describeDeliveryDays } from "./checkout-pages.js";
import { paymentMethodLabel } from "./checkout-payment.js";
import {
  readCheckoutState,
  stepPath,
  updateCheckoutState,
  type CheckoutState,
} from "./checkout-state.js";
import { computeReviewTotals, type ReviewTotals } from "./checkout-totals.js";

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
}

/** The complete choices of a session that reached the review step. */
export interface CompleteChoices {
  address: NonNullable<CheckoutState["address"]>;
  shippingMethod: string;
  paymentMethod: NonNullable<CheckoutState["paymentMethod"]>;
}

/** Returns the session's choices; undefined when a step is not done. */
export function readCompleteChoices(
  request: FastifyRequest,
): CompleteChoices | undefined {
  const { address, shippingMethod, paymentMethod } = readCheckoutState(request);
  if (address === undefined || shippingMethod === undefined) return undefined;
  if (paymentMethod === undefined) return undefined;
  return { address, shippingMethod, paymentMethod };
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
 * Builds the review page's content for `cart`. Returns the path of the
 * step to go back to when one of the chosen options has gone.
 */
export async function buildReviewContent(
  app: FastifyInstance,
  request: FastifyRequest,
  cart: Cart,
  choices: CompleteChoices,
): Promise<{ content: ReviewContent } | { backTo: string }> {
  const address = await loadChosenAddress(app, request, choices.address);
  if (address === undefined) return { backTo: stepPath("address") };
  const method = await loadChosenMethod(app, request, choices.shippingMethod);
  if (method === undefined) return { backTo: stepPath("shipping") };

  const totals = computeReviewTotals(cart, method);
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
    },
  };
}
