// The cart: the cart page, adding from the product page, changing a line's
// quantity and removing a line. Each form posts and then redirects
// (POST-redirect-GET); a refused form comes back with its status and the
// message next to the field it concerns.
//
// A visitor who is not signed in gets a guest cart on the first add; its id
// and token live in the encrypted session cookie. A signed-in shopper's
// cart is the account's, the same on every device.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireApiData, type ApiOutcome } from "../../api/accounts.js";
import { maxLineQuantity, type Cart, type CartOwner } from "../../api/carts.js";
import type { Problem } from "../../api/client.js";
import { PageError } from "../../errors.js";
import { addFlash } from "../../plugins/session.js";
import { failedForm, readFields } from "../account/forms.js";
import { preventCaching, renderFormPage } from "../account/render.js";
import { renderProductPage } from "../catalog/catalog.routes.js";
import { productUrl } from "../layout.js";
import {
  cartOwnerOf,
  ensureCartOwner,
  forgetGuestCart,
  mergeGuestCart,
  rememberCartCount,
} from "./cart-session.js";
import { buildCartView, describeOptions } from "./cart-view.js";

type FormBody = { Body: unknown };
type LineParams = { Params: { lineId: string }; Body: unknown };

const addLabels = { variant_id: "Variant", quantity: "Quantity" };

/** Product slugs as the catalog makes them; anything else is not looked up. */
const slugPattern = /^[a-z0-9][a-z0-9-]{0,199}$/;
/** Line and variant ids are UUIDs. */
const uuidPattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Errors of the cart page's quantity forms, by line id. */
interface LineErrors {
  messages: Record<string, string>;
  /** The quantities typed, shown again in place of the cart's. */
  values: Record<string, string>;
}

/**
 * Parses a typed quantity: a whole number from `min` to the line maximum.
 * Returns the number, or the message to show beside the field.
 */
export function parseQuantity(
  raw: string,
  min: number,
): { quantity: number } | { message: string } {
  const text = raw.trim();
  const message = `Enter a whole number from ${min} to ${maxLineQuantity}`;
  if (text === "") return { message: "Enter a quantity" };
  if (!/^\d{1,3}$/.test(text)) return { message };
  const quantity = Number(text);
  if (quantity < min || quantity > maxLineQuantity) return { message };
  return { quantity };
}

/** Returns the message for a 409 about stock, with what is left if known. */
function stockMessage(problem: Problem | undefined): string {
  const available = (problem as { available?: unknown } | undefined)?.available;
  if (typeof available === "number") {
    return available === 0
      ? "This item is out of stock."
      : `Only ${available} left in stock. Choose ${available} or fewer.`;
  }
  return problem?.detail ?? "There is not enough stock for that quantity.";
}

/** True when a guest cart call failed because the cart is gone. */
function isGoneGuestCart(owner: CartOwner, outcome: ApiOutcome<Cart>): boolean {
  return owner.kind === "guest" && !outcome.ok && outcome.status === 404;
}

/** Registers the routes; a plugin with a callback, as nothing is awaited. */
export function cartRoutes(
  app: FastifyInstance,
  _options: unknown,
  done: (error?: Error) => void,
): void {
  const { carts } = app;
  app.addHook("onSend", preventCaching);

  /** Loads the browser's cart, or undefined when it has none. */
  async function loadCart(request: FastifyRequest): Promise<Cart | undefined> {
    if (request.user !== null) {
      const merged = await mergeGuestCart(
        app,
        request,
        request.user.accessToken,
      );
      if (merged !== undefined) return merged;
    }
    const owner = cartOwnerOf(request);
    if (owner === undefined) return undefined;
    const outcome = await carts.getCart(request.id, owner);
    if (isGoneGuestCart(owner, outcome)) {
      forgetGuestCart(request);
      return undefined;
    }
    const cart = requireApiData(outcome);
    rememberCartCount(request, cart.item_count);
    return cart;
  }

  async function renderCart(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { status?: number; lineErrors?: LineErrors } = {},
  ): Promise<string> {
    const cart = await loadCart(request);
    return renderFormPage(
      app,
      request,
      reply,
      "cart/cart.njk",
      {
        ...buildCartView(cart),
        lineErrors: options.lineErrors ?? { messages: {}, values: {} },
        maxLineQuantity,
        // The header shows the count just read, not the one of the session
        // as the request found it.
        cartCount: cart?.item_count ?? 0,
      },
      { status: options.status },
    );
  }

  /**
   * Runs a change on the browser's cart. A guest cart the API no longer
   * finds is replaced by a new one once, so an add never fails for that.
   */
  async function changeCart(
    request: FastifyRequest,
    change: (owner: CartOwner) => Promise<ApiOutcome<Cart>>,
  ): Promise<ApiOutcome<Cart>> {
    let owner = await ensureCartOwner(app, request);
    let outcome = await change(owner);
    if (isGoneGuestCart(owner, outcome)) {
      forgetGuestCart(request);
      owner = await ensureCartOwner(app, request);
      outcome = await change(owner);
    }
    if (outcome.ok) rememberCartCount(request, outcome.data.item_count);
    return outcome;
  }

  app.get("/cart", async (request, reply) => renderCart(request, reply));

  app.post<FormBody>("/cart/items", async (request, reply) => {
    const values = readFields(request.body, [
      "product",
      "variant_id",
      "quantity",
    ]);
    const slug = values.product ?? "";
    if (!slugPattern.test(slug)) {
      throw new PageError("BAD_REQUEST", "The form names no product.");
    }
    const fail = (
      errors: Parameters<typeof failedForm>[1],
      status: number,
    ): Promise<string> =>
      renderProductPage(app, request, reply, {
        slug,
        query: {},
        addToCartForm: failedForm(values, errors, { labels: addLabels }),
        status,
      });

    const variantId = values.variant_id ?? "";
    if (!uuidPattern.test(variantId)) {
      return fail([{ field: "variant_id", message: "Choose a variant" }], 400);
    }
    const parsed = parseQuantity(values.quantity ?? "", 1);
    if ("message" in parsed) {
      return fail([{ field: "quantity", message: parsed.message }], 400);
    }

    const outcome = await changeCart(request, (owner) =>
      carts.addLine(request.id, owner, {
        variant_id: variantId,
        quantity: parsed.quantity,
      }),
    );
    if (!outcome.ok && outcome.status === 409) {
      return fail(
        [{ field: "quantity", message: stockMessage(outcome.problem) }],
        409,
      );
    }
    if (!outcome.ok && [400, 404].includes(outcome.status)) {
      // The variant is unknown or no longer sold.
      return fail(
        [
          {
            field: "variant_id",
            message:
              outcome.problem?.detail ?? "This variant cannot be bought now.",
          },
        ],
        400,
      );
    }
    const cart = requireApiData(outcome);
    const line = cart.items.find((item) => item.variant_id === variantId);
    const options = line === undefined ? "" : describeOptions(line.options);
    const name = line?.product_name ?? "The item";
    addFlash(request, {
      kind: "success",
      text: `Added ${parsed.quantity} × ${name}${options ? ` (${options})` : ""} to your cart.`,
    });
    // The line's own product, in case the form named another one.
    const back =
      line === undefined
        ? productUrl(slug)
        : `${productUrl(line.product_slug)}?variant=${encodeURIComponent(line.sku)}`;
    return reply.redirect(back, 303);
  });

  app.post<LineParams>("/cart/items/:lineId", async (request, reply) => {
    const { lineId } = request.params;
    if (!uuidPattern.test(lineId)) {
      throw new PageError("NOT_FOUND", "Your cart has no such item.");
    }
    const { quantity: raw = "" } = readFields(request.body, ["quantity"]);
    const parsed = parseQuantity(raw, 0);
    const failLine = (message: string, status: number): Promise<string> =>
      renderCart(request, reply, {
        status,
        lineErrors: {
          messages: { [lineId]: message },
          values: { [lineId]: raw },
        },
      });
    if ("message" in parsed) return failLine(parsed.message, 400);

    const outcome = await changeCart(request, (owner) =>
      parsed.quantity === 0
        ? carts.removeLine(request.id, owner, lineId)
        : carts.setQuantity(request.id, owner, lineId, parsed.quantity),
    );
    if (!outcome.ok && outcome.status === 409) {
      return failLine(stockMessage(outcome.problem), 409);
    }
    if (!outcome.ok && outcome.status === 404) {
      addFlash(request, {
        kind: "info",
        text: "That item is no longer in your cart.",
      });
      return reply.redirect("/cart", 303);
    }
    if (!outcome.ok && outcome.status === 400) {
      return failLine(
        outcome.problem?.errors?.[0]?.message ??
          `Enter a whole number from 0 to ${maxLineQuantity}`,
        400,
      );
    }
    requireApiData(outcome);
    addFlash(request, {
      kind: "success",
      text:
        parsed.quantity === 0
          ? "The item was removed from your cart."
          : "Your cart was updated.",
    });
    return reply.redirect("/cart", 303);
  });

  app.post<LineParams>("/cart/items/:lineId/remove", async (request, reply) => {
    const { lineId } = request.params;
    if (!uuidPattern.test(lineId)) {
      throw new PageError("NOT_FOUND", "Your cart has no such item.");
    }
    const owner = cartOwnerOf(request);
    const outcome =
      owner === undefined
        ? undefined
        : await carts.removeLine(request.id, owner, lineId);
    if (outcome?.ok === true) {
      rememberCartCount(request, outcome.data.item_count);
      addFlash(request, {
        kind: "success",
        text: "The item was removed from your cart.",
      });
    } else if (outcome !== undefined && outcome.status !== 404) {
      requireApiData(outcome);
    }
    return reply.redirect("/cart", 303);
  });

  done();
}
