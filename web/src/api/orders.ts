// The checkout and order calls the pages make, typed from the OpenAPI
// document: the shipping methods, placing an order from the signed-in
// user's cart, and the user's orders. Like the account calls, they return
// failures as values, because checkout shows the API's 400, 402 and 409
// responses next to the fields they concern.
import {
  settleApiCall,
  type ApiOutcome,
  type BodyOf,
  type JsonOf,
} from "./accounts.js";
import type { ApiClient, ApiConnection } from "./client.js";
import type { paths } from "./schema.js";

export type ShippingMethodList = JsonOf<
  paths["/api/v1/shipping-methods"]["get"]["responses"][200]
>;
export type ShippingMethod = ShippingMethodList["results"][number];
export type Order = JsonOf<
  paths["/api/v1/orders/{number}"]["get"]["responses"][200]
>;
export type OrderStatus = Order["status"];
export type OrderAddress = Order["shipping_address"];
export type OrderList = JsonOf<
  paths["/api/v1/orders"]["get"]["responses"][200]
>;
export type OrderSummary = OrderList["results"][number];
export type PlaceOrderBody = BodyOf<paths["/api/v1/orders"]["post"]>;
export type TypedShippingAddress = NonNullable<
  PlaceOrderBody["shipping_address"]
>;
export type PaymentMethodCode = PlaceOrderBody["payment_method"];
export type CardDetails = NonNullable<PlaceOrderBody["card"]>;

export interface OrdersApi {
  listShippingMethods(
    requestId: string,
  ): Promise<ApiOutcome<ShippingMethodList>>;
  /**
   * Places an order from the user's cart. The API returns the first order
   * again (200) when `idempotencyKey` was used before with the same body.
   */
  placeOrder(
    requestId: string,
    accessToken: string,
    idempotencyKey: string,
    body: PlaceOrderBody,
  ): Promise<ApiOutcome<Order>>;
  listOrders(
    requestId: string,
    accessToken: string,
    page: { page: number; pageSize: number },
  ): Promise<ApiOutcome<OrderList>>;
  getOrder(
    requestId: string,
    accessToken: string,
    number: string,
  ): Promise<ApiOutcome<Order>>;
  /** Cancels a pending or paid order; 409 for any other status. */
  cancelOrder(
    requestId: string,
    accessToken: string,
    number: string,
  ): Promise<ApiOutcome<Order>>;
}

function bearer(accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` };
}

/** Builds the checkout and order calls over `connection`. */
export function createOrdersApi(connection: ApiConnection): OrdersApi {
  const client = (requestId: string): ApiClient =>
    connection.clientFor(requestId);

  return {
    listShippingMethods(requestId) {
      return settleApiCall(client(requestId).GET("/api/v1/shipping-methods"));
    },

    placeOrder(requestId, accessToken, idempotencyKey, body) {
      return settleApiCall(
        client(requestId).POST("/api/v1/orders", {
          params: { header: { "idempotency-key": idempotencyKey } },
          headers: bearer(accessToken),
          body,
        }),
      );
    },

    listOrders(requestId, accessToken, page) {
      return settleApiCall(
        client(requestId).GET("/api/v1/orders", {
          params: { query: { page: page.page, page_size: page.pageSize } },
          headers: bearer(accessToken),
        }),
      );
    },

    getOrder(requestId, accessToken, number) {
      return settleApiCall(
        client(requestId).GET("/api/v1/orders/{number}", {
          params: { path: { number } },
          headers: bearer(accessToken),
        }),
      );
    },

    cancelOrder(requestId, accessToken, number) {
      return settleApiCall(
        client(requestId).POST("/api/v1/orders/{number}/cancel", {
          params: { path: { number } },
          headers: bearer(accessToken),
        }),
      );
    },
  };
}
