import { Type, type Static } from "@sinclair/typebox";

import { maxCouponCodeLength } from "../coupons/coupons.schemas.js";
import { shippingMethodCodes } from "../shipping/shipping-methods.js";
import { cartLineFlags, maxLineQuantity } from "./cart-view.js";

const quantityField = Type.Integer({
  minimum: 1,
  maximum: maxLineQuantity,
  description: `Number of units, a whole number from 1 to ${maxLineQuantity}.`,
});

export const CartItemCreateBody = Type.Object({
  variant_id: Type.String({
    maxLength: 100,
    description: "Id of the variant to add, from the product's `variants`.",
  }),
  quantity: Type.Integer({
    minimum: 1,
    maximum: maxLineQuantity,
    description: `Units to add; added to the line when the cart already has the variant. The line may hold at most ${maxLineQuantity}.`,
  }),
});
export type CartItemCreateBody = Static<typeof CartItemCreateBody>;

export const CartItemUpdateBody = Type.Object({
  quantity: quantityField,
});

export const GuestCartParams = Type.Object({
  id: Type.String({ maxLength: 100, description: "The cart's id." }),
});

export const GuestCartItemParams = Type.Object({
  id: Type.String({ maxLength: 100, description: "The cart's id." }),
  item_id: Type.String({
    maxLength: 100,
    description: "The line item's id.",
  }),
});

export const MyCartItemParams = Type.Object({
  item_id: Type.String({
    maxLength: 100,
    description: "The line item's id.",
  }),
});

export const MyCartQuery = Type.Object({
  shipping_method: Type.Optional(
    Type.Unsafe<string>({
      type: "string",
      enum: [...shippingMethodCodes],
      description:
        "Code of a shipping method from GET /shipping-methods to price shipping with, as POST /orders would. Without it, the cheapest method is priced.",
    }),
  ),
  coupon_code: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: maxCouponCodeLength,
      description:
        "A coupon code, in any letter case, to price the cart with. It is checked as POST /orders checks it, but no use of the coupon is taken.",
    }),
  ),
});
export type MyCartQuery = Static<typeof MyCartQuery>;

export const CartTokenHeaders = Type.Object({
  "x-cart-token": Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        "The secret token returned when the cart was created. A missing or wrong token gets 404, as for an unknown cart.",
    }),
  ),
});

export const CartMergeBody = Type.Object({
  cart_id: Type.String({
    maxLength: 100,
    description: "Id of the guest cart to merge.",
  }),
  cart_token: Type.String({
    maxLength: 200,
    description: "The guest cart's secret token.",
  }),
});

const moneyField = (description: string) =>
  Type.Integer({ description: `${description}, in minor units.` });

const CartLineSchema = Type.Object({
  id: Type.String({ format: "uuid", description: "The line item's id." }),
  variant_id: Type.String({ format: "uuid", description: "The variant's id." }),
  sku: Type.String({ description: "The variant's SKU." }),
  product_slug: Type.String({ description: "The product's slug." }),
  product_name: Type.String({ description: "The product's name." }),
  options: Type.Record(Type.String(), Type.String(), {
    description: "The variant's option values, such as {size: M}.",
  }),
  image: Type.Union(
    [
      Type.Object({
        url: Type.String({ description: "Absolute URL or `/media/` path." }),
        alt: Type.String({ description: "Text alternative." }),
      }),
      Type.Null(),
    ],
    { description: "The product's first image, or null." },
  ),
  unit_price: moneyField("Today's price of one unit"),
  quantity: Type.Integer({ description: "Units in the line." }),
  line_total: moneyField("unit_price × quantity"),
  stock_on_hand: Type.Integer({
    description: "Units in stock now; checkout needs at least `quantity`.",
  }),
  flags: Type.Array(
    Type.Unsafe<(typeof cartLineFlags)[number]>({
      type: "string",
      enum: [...cartLineFlags],
    }),
    {
      description:
        "`out_of_stock` (none left), `insufficient_stock` (fewer than `quantity`), `inactive` (no longer sold) block checkout; `price_changed` means the price differs from when the line was added or last changed.",
    },
  ),
});

export const CartTotalsSchema = Type.Object(
  {
    subtotal: moneyField("Sum of the line totals"),
    discount_total: moneyField("Discount of `coupon`; 0 without one"),
    shipping_total: moneyField("Shipping with `shipping_method`"),
    tax_total: moneyField(
      "Tax included in the prices (PRICES_INCLUDE_TAX=true) or added to them",
    ),
    total: moneyField(
      "subtotal − discount_total + shipping_total, plus tax_total when prices exclude tax",
    ),
    currency: Type.String({ description: "ISO 4217 code of the amounts." }),
    prices_include_tax: Type.Boolean({
      description:
        "True when the prices contain `tax_total`; false when it is added to them.",
    }),
  },
  { $id: "CartTotals", description: "Totals priced from the catalog now." },
);

const AppliedCouponSchema = Type.Object({
  code: Type.String({ description: "The code, in upper case." }),
  kind: Type.Unsafe<"percentage" | "fixed">({
    type: "string",
    enum: ["percentage", "fixed"],
    description: "`percentage` of the subtotal or a `fixed` amount off.",
  }),
  percent_off: Type.Union([Type.Integer(), Type.Null()], {
    description: "Whole percent off for `percentage` coupons, otherwise null.",
  }),
  amount_off: Type.Union([Type.Integer(), Type.Null()], {
    description:
      "Minor units off for `fixed` coupons, otherwise null. The discount never exceeds the subtotal.",
  }),
  minimum_subtotal: moneyField("The subtotal the coupon needs"),
});

const cartProperties = {
  id: Type.String({ format: "uuid", description: "The cart's id." }),
  items: Type.Array(CartLineSchema, {
    description: "The cart's lines, oldest first.",
  }),
  item_count: Type.Integer({ description: "Units in the cart, all lines." }),
  totals: CartTotalsSchema,
  shipping_method: Type.String({
    description:
      "Code of the shipping method priced in `shipping_total`: the one GET /me/cart was asked to price, or else the cheapest for this cart.",
  }),
  is_shipping_estimated: Type.Boolean({
    description:
      "True when no shipping method was given, so `shipping_method` is the cheapest one rather than the shopper's choice.",
  }),
  estimated_shipping_method: Type.String({
    deprecated: true,
    description: "The same code as `shipping_method`, kept for older clients.",
  }),
  coupon: Type.Union([AppliedCouponSchema, Type.Null()], {
    description:
      "The coupon whose discount `discount_total` is, when GET /me/cart was given a `coupon_code`; otherwise null.",
  }),
  updated_at: Type.String({
    format: "date-time",
    description: "When the cart last changed.",
  }),
};

export const CartSchema = Type.Object(cartProperties, {
  $id: "Cart",
  description: "A cart, priced from the current catalog.",
});
export type CartResponse = Static<typeof CartSchema>;

export const CreatedGuestCartSchema = Type.Object(
  {
    ...cartProperties,
    token: Type.String({
      description:
        "The secret that proves ownership of the cart: send it in X-Cart-Token with every later request. It is shown once and cannot be recovered.",
    }),
  },
  { $id: "CreatedGuestCart", description: "A new guest cart and its token." },
);

const MergeNoticeSchema = Type.Object({
  variant_id: Type.String({ format: "uuid", description: "The variant's id." }),
  sku: Type.String({ description: "The variant's SKU." }),
  requested_quantity: Type.Integer({
    description: "Units the two carts held together.",
  }),
  quantity: Type.Integer({ description: "Units the user's cart holds now." }),
  reason: Type.Unsafe<"capped_at_stock" | "capped_at_maximum" | "unavailable">({
    type: "string",
    enum: ["capped_at_stock", "capped_at_maximum", "unavailable"],
    description:
      "`capped_at_stock`: not enough stock; `capped_at_maximum`: the line maximum; `unavailable`: the variant is no longer sold.",
  }),
  message: Type.String({ description: "The notice as a sentence." }),
});

export const MergedCartSchema = Type.Object(
  {
    ...cartProperties,
    notices: Type.Array(MergeNoticeSchema, {
      description: "One entry per guest line that did not move over in full.",
    }),
  },
  { $id: "MergedCart", description: "The user's cart after a merge." },
);
