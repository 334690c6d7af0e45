import { Type, type Static } from "@sinclair/typebox";

import { orderStatuses, type OrderStatus } from "../../db/schema.js";
import { addressLimits } from "../addresses/addresses.schemas.js";
import { idempotencyKeyPattern } from "../checkout/idempotency.js";
import { maxCouponCodeLength } from "../coupons/coupons.schemas.js";
import { paymentMethodCodes } from "../payments/payment-providers.js";
import { shippingMethodCodes } from "../shipping/shipping-methods.js";

const money = (description: string) =>
  Type.Integer({ description: `${description}, in minor units.` });

const statusField = (description: string) =>
  Type.Unsafe<OrderStatus>({
    type: "string",
    enum: [...orderStatuses],
    description,
  });

/** The extension member of INVALID_STATUS_TRANSITION problems. */
export const statusTransitionMembers = {
  order_status: Type.Optional(
    statusField(
      "INVALID_STATUS_TRANSITION only: the order's current status, which does not allow the change.",
    ),
  ),
};

const ShippingAddressInput = Type.Object(
  {
    name: Type.String({
      maxLength: addressLimits.name,
      description: "Recipient's full name.",
    }),
    line1: Type.String({
      maxLength: addressLimits.line,
      description: "First address line (street and number).",
    }),
    line2: Type.Optional(
      Type.String({
        maxLength: addressLimits.line,
        description: "Second address line; empty or absent for none.",
      }),
    ),
    city: Type.String({
      maxLength: addressLimits.city,
      description: "City or town.",
    }),
    region: Type.Optional(
      Type.String({
        maxLength: addressLimits.region,
        description: "State, province or county; empty or absent for none.",
      }),
    ),
    postal_code: Type.String({
      maxLength: addressLimits.postalCode,
      description: "Postal or ZIP code.",
    }),
    country: Type.String({
      maxLength: 10,
      description: "ISO 3166-1 alpha-2 country code such as GB.",
    }),
    phone: Type.Optional(
      Type.String({
        maxLength: 40,
        description: "Phone number for the carrier, international format.",
      }),
    ),
  },
  { description: "An address typed at checkout." },
);

export const CheckoutHeaders = Type.Object({
  "idempotency-key": Type.String({
    pattern: idempotencyKeyPattern,
    description:
      "A new random value per order, such as a UUID: 1 to 100 letters, digits or the characters _ . : -. Resending the same key with the same body returns the first order instead of placing another.",
  }),
});

export const CheckoutBody = Type.Object({
  shipping_address: Type.Optional(ShippingAddressInput),
  shipping_address_id: Type.Optional(
    Type.String({
      maxLength: 100,
      description:
        "Id of an address in the user's address book; send this or shipping_address.",
    }),
  ),
  shipping_method: Type.Unsafe<string>({
    type: "string",
    enum: [...shippingMethodCodes],
    description: "Code of a shipping method from GET /shipping-methods.",
  }),
  payment_method: Type.Unsafe<(typeof paymentMethodCodes)[number]>({
    type: "string",
    enum: [...paymentMethodCodes],
    description:
      "`cash_on_delivery` (the order stays pending) or `test_card` (a simulated card processor; see the test card numbers in docs/payments.md).",
  }),
  card: Type.Optional(
    Type.Object(
      {
        number: Type.String({
          maxLength: 30,
          description:
            "Card number, 12 to 19 digits; spaces and dashes are ignored. Only its last four digits are stored.",
        }),
        exp_month: Type.Integer({
          minimum: 1,
          maximum: 12,
          description: "Expiry month, 1 to 12.",
        }),
        exp_year: Type.Integer({
          minimum: 2000,
          maximum: 2100,
          description: "Expiry year, four digits.",
        }),
        cvc: Type.String({
          maxLength: 4,
          description: "The 3 or 4 digit security code; never stored.",
        }),
      },
      { description: "Required with payment_method test_card." },
    ),
  ),
  coupon_code: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: maxCouponCodeLength,
      description: "A coupon code, in any letter case.",
    }),
  ),
  expected_total: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        "The total the shopper saw, in minor units. When the current total differs, the order is not placed and a 409 TOTAL_CHANGED problem carries the new `total`.",
    }),
  ),
});
export type CheckoutBody = Static<typeof CheckoutBody>;

export const OrderNumberParams = Type.Object({
  number: Type.String({
    maxLength: 100,
    description: "The order number, such as 7KQ2M9XH4P.",
  }),
});

export const OrderListQuery = Type.Object({
  page: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 1,
    description: "Page number, from 1.",
  }),
  page_size: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 20,
    description: "Orders per page.",
  }),
});

const OrderLineSchema = Type.Object({
  variant_id: Type.Union([Type.String({ format: "uuid" }), Type.Null()], {
    description: "The variant sold, or null when it was deleted since.",
  }),
  sku: Type.String({ description: "The SKU when the order was placed." }),
  product_name: Type.String({ description: "The product name then." }),
  product_slug: Type.String({ description: "The product slug then." }),
  options: Type.Record(Type.String(), Type.String(), {
    description: "The variant's option values then.",
  }),
  unit_price: money("The price of one unit when the order was placed"),
  quantity: Type.Integer({ description: "Units ordered." }),
  line_total: money("unit_price × quantity"),
});

const OrderTotalsSchema = Type.Object({
  subtotal: money("Sum of the line totals"),
  discount_total: money("Coupon discount"),
  shipping_total: money("Shipping"),
  tax_total: money(
    "Tax: contained in the other amounts when prices_include_tax, else added",
  ),
  total: money("What the customer pays"),
  currency: Type.String({ description: "ISO 4217 code of the amounts." }),
  prices_include_tax: Type.Boolean({
    description: "Whether the prices included the tax.",
  }),
  tax_rate_basis_points: Type.Integer({
    description: "The tax rate applied, in basis points (2000 is 20 %).",
  }),
});

const OrderAddressSchema = Type.Object({
  name: Type.String({ description: "Recipient's full name." }),
  line1: Type.String({ description: "First address line." }),
  line2: Type.String({ description: "Second address line; may be empty." }),
  city: Type.String({ description: "City or town." }),
  region: Type.String({ description: "State, province or county." }),
  postal_code: Type.String({ description: "Postal or ZIP code." }),
  country: Type.String({ description: "ISO 3166-1 alpha-2 code." }),
  phone: Type.String({ description: "Phone in E.164 form; may be empty." }),
});

const StatusChangeSchema = Type.Object({
  from_status: Type.Union([statusField("Status before."), Type.Null()], {
    description: "The status before; null for the first entry.",
  }),
  to_status: statusField("The status after."),
  changed_by: Type.Unsafe<"customer" | "shop">({
    type: "string",
    enum: ["customer", "shop"],
    description: "Who made the change: the customer or the shop.",
  }),
  note: Type.String({ description: "Why the status changed." }),
  created_at: Type.String({
    format: "date-time",
    description: "When the status changed.",
  }),
});

const RefundSchema = Type.Object({
  amount: money("Amount refunded"),
  currency: Type.String({ description: "ISO 4217 code of the amount." }),
  reason: Type.String({ description: "Why the money was returned." }),
  created_at: Type.String({
    format: "date-time",
    description: "When the refund was made.",
  }),
});

const orderSummaryProperties = {
  number: Type.String({ description: "The order number shown to people." }),
  status: statusField(
    "pending, paid, fulfilled, delivered, cancelled or refunded.",
  ),
  total: money("What the customer pays"),
  currency: Type.String({ description: "ISO 4217 code of the amounts." }),
  created_at: Type.String({
    format: "date-time",
    description: "When the order was placed.",
  }),
};

export const OrderSummarySchema = Type.Object(orderSummaryProperties, {
  $id: "OrderSummary",
  description: "An order as listed.",
});

export const OrderSchema = Type.Object(
  {
    ...orderSummaryProperties,
    email: Type.String({ description: "Where order mail goes." }),
    updated_at: Type.String({
      format: "date-time",
      description: "When the order last changed.",
    }),
    items: Type.Array(OrderLineSchema, {
      description: "The lines as sold; they never change.",
    }),
    totals: OrderTotalsSchema,
    shipping_method: Type.String({ description: "The shipping method code." }),
    shipping_address: OrderAddressSchema,
    coupon_code: Type.Union([Type.String(), Type.Null()], {
      description: "The coupon redeemed, or null.",
    }),
    payment: Type.Object(
      {
        method: Type.String({
          description: "cash_on_delivery or test_card.",
        }),
        status: Type.String({
          description: "`pending`, `captured` or `refunded`.",
        }),
        card_last4: Type.Union([Type.String(), Type.Null()], {
          description: "Last four digits of the card, or null.",
        }),
      },
      { description: "How the order is paid." },
    ),
    status_history: Type.Array(StatusChangeSchema, {
      description: "Every status change, oldest first.",
    }),
    refunds: Type.Array(RefundSchema, {
      description: "Money returned, oldest first.",
    }),
  },
  { $id: "Order", description: "An order with its lines and history." },
);
export type OrderResponse = Static<typeof OrderSchema>;
export type OrderSummaryResponse = Static<typeof OrderSummarySchema>;

export const OrderListSchema = Type.Object(
  {
    count: Type.Integer({ description: "The user's orders in total." }),
    page: Type.Integer({ description: "This page's number, from 1." }),
    page_size: Type.Integer({ description: "Orders per page." }),
    total_pages: Type.Integer({
      description: "Number of pages; at least 1, even with no orders.",
    }),
    next: Type.Union([Type.String(), Type.Null()], {
      description: "Relative reference to the next page, or null.",
    }),
    previous: Type.Union([Type.String(), Type.Null()], {
      description: "Relative reference to the previous page, or null.",
    }),
    results: Type.Array(OrderSummarySchema, {
      description: "The orders of this page, newest first.",
    }),
  },
  { $id: "OrderList", description: "One page of the user's orders." },
);
export type OrderListResponse = Static<typeof OrderListSchema>;
