// The cart calls the pages make, typed from the OpenAPI document. A guest's
// cart is reached with its id and secret token (X-Cart-Token), a signed-in
// shopper's with the access token. Both offer the same operations, so a page
// passes only the cart's owner. Failures come back as values: the
// cart page shows a 400 or 409 next to the quantity it concerns.
import type { ApiClient, ApiConnection } from "./client.js";
import { settleApiCall, type ApiOutcome, type JsonOf } from "./accounts.js";
import type { paths } from "./schema.js";

export type Cart = JsonOf<paths["/api/v1/me/cart"]["get"]["responses"][200]>;
export type CartLine = Cart["items"][number];
export type CartLineFlag = CartLine["flags"][number];
export type GuestCart = JsonOf<
  paths["/api/v1/carts"]["post"]["responses"][201]
>;
export type MergedCart = JsonOf<
  paths["/api/v1/me/cart/merge"]["post"]["responses"][200]
>;
export type MergeNotice = NonNullable<MergedCart["notices"]>[number];
export type AppliedCoupon = NonNullable<Cart["coupon"]>;
/** A COUPON_NOT_APPLICABLE problem, with the `reason` member and others. */
export type CouponProblem =
  paths["/api/v1/me/cart"]["get"]["responses"][409]["content"]["application/problem+json"];
/** The checkout choices GET /me/cart prices the user's cart with. */
export type CartPricingQuery = NonNullable<
  paths["/api/v1/me/cart"]["get"]["parameters"]["query"]
>;

/** Maximum units in one cart line, as the API enforces it. */
export const maxLineQuantity = 99;

/** The guest cart's id and secret token, as the session keeps them. */
export interface GuestCartKey {
  id: string;
  token: string;
}

/** Whose cart a call means. */
export type CartOwner =
  | { kind: "user"; accessToken: string }
  | { kind: "guest"; cart: GuestCartKey };

export interface NewLine {
  variant_id: string;
  quantity: number;
}

export interface CartsApi {
  /** Opens an empty guest cart; its token is shown only this once. */
  createGuestCart(requestId: string): Promise<ApiOutcome<GuestCart>>;
  getCart(requestId: string, owner: CartOwner): Promise<ApiOutcome<Cart>>;
  /**
   * Prices the user's cart with a shipping method and an optional coupon,
   * as POST /orders would charge it now. A coupon the API rejects comes
   * back as a 409 COUPON_NOT_APPLICABLE problem; nothing is reserved.
   */
  priceMyCart(
    requestId: string,
    accessToken: string,
    query: CartPricingQuery,
  ): Promise<ApiOutcome<Cart>>;
  /** Adds units of a variant, to its line when the cart has one. */
  addLine(
    requestId: string,
    owner: CartOwner,
    line: NewLine,
  ): Promise<ApiOutcome<Cart>>;
  setQuantity(
    requestId: string,
    owner: CartOwner,
    lineId: string,
    quantity: number,
  ): Promise<ApiOutcome<Cart>>;
  removeLine(
    requestId: string,
    owner: CartOwner,
    lineId: string,
  ): Promise<ApiOutcome<Cart>>;
  /** Moves a guest cart's lines into the user's cart; safe to repeat. */
  mergeGuestCart(
    requestId: string,
    accessToken: string,
    guest: GuestCartKey,
  ): Promise<ApiOutcome<MergedCart>>;
}

function bearer(accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` };
}

/** Builds the cart calls over `connection`. */
export function createCartsApi(connection: ApiConnection): CartsApi {
  const client = (requestId: string): ApiClient =>
    connection.clientFor(requestId);

  return {
    createGuestCart(requestId) {
      return settleApiCall(client(requestId).POST("/api/v1/carts"));
    },

    getCart(requestId, owner) {
      if (owner.kind === "user") {
        return settleApiCall(
          client(requestId).GET("/api/v1/me/cart", {
            headers: bearer(owner.accessToken),
          }),
        );
      }
      return settleApiCall(
        client(requestId).GET("/api/v1/carts/{id}", {
          params: {
            path: { id: owner.cart.id },
            header: { "x-cart-token": owner.cart.token },
          },
        }),
      );
    },

    priceMyCart(requestId, accessToken, query) {
      return settleApiCall(
        client(requestId).GET("/api/v1/me/cart", {
          params: { query },
          headers: bearer(accessToken),
        }),
      );
    },

    addLine(requestId, owner, line) {
      if (owner.kind === "user") {
        return settleApiCall(
          client(requestId).POST("/api/v1/me/cart/items", {
            headers: bearer(owner.accessToken),
            body: line,
          }),
        );
      }
      return settleApiCall(
        client(requestId).POST("/api/v1/carts/{id}/items", {
          params: {
            path: { id: owner.cart.id },
            header: { "x-cart-token": owner.cart.token },
          },
          body: line,
        }),
      );
    },

    setQuantity(requestId, owner, lineId, quantity) {
      if (owner.kind === "user") {
        return settleApiCall(
          client(requestId).PATCH("/api/v1/me/cart/items/{item_id}", {
            params: { path: { item_id: lineId } },
            headers: bearer(owner.accessToken),
            body: { quantity },
          }),
        );
      }
      return settleApiCall(
        client(requestId).PATCH("/api/v1/carts/{id}/items/{item_id}", {
          params: {
            path: { id: owner.cart.id, item_id: lineId },
            header: { "x-cart-token": owner.cart.token },
          },
          body: { quantity },
        }),
      );
    },

    removeLine(requestId, owner, lineId) {
      if (owner.kind === "user") {
        return settleApiCall(
          client(requestId).DELETE("/api/v1/me/cart/items/{item_id}", {
            params: { path: { item_id: lineId } },
            headers: bearer(owner.accessToken),
          }),
        );
      }
      return settleApiCall(
        client(requestId).DELETE("/api/v1/carts/{id}/items/{item_id}", {
          params: {
            path: { id: owner.cart.id, item_id: lineId },
            header: { "x-cart-token": owner.cart.token },
          },
        }),
      );
    },

    mergeGuestCart(requestId, accessToken, guest) {
      return settleApiCall(
        client(requestId).POST("/api/v1/me/cart/merge", {
          headers: bearer(accessToken),
          body: { cart_id: guest.id, cart_token: guest.token },
        }),
      );
    },
  };
}
