// The database schema. drizzle-kit generates the SQL migrations in
// api/drizzle/ from this file; never edit a committed migration, generate a
// new one instead.
import { sql } from "drizzle-orm";
import {
  boolean,
  char,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({
  dataType() {
    return "tsvector";
  },
});

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
};

/**
 * A node of the category tree. `path` is the slash-joined chain of slugs from
 * the root (`men/tops/hoodies`), so a subtree is one prefix match.
 */
export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey(),
    parentId: uuid("parent_id").references((): AnyPgColumn => categories.id, {
      onDelete: "restrict",
    }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    path: text("path").notNull(),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("categories_slug_key").on(table.slug),
    index("categories_parent_id_idx").on(table.parentId),
    index("categories_path_idx").using(
      "btree",
      sql`${table.path} text_pattern_ops`,
    ),
  ],
);

/**
 * A product as shoppers see it. Prices and stock live on its variants;
 * `priceMin` and `priceMax` are copies of the active variants' price range,
 * kept up to date by the catalog writes so that listing, filtering and
 * sorting by price need no join.
 */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** Sanitised HTML, limited to a small allow-list of tags. */
    description: text("description").notNull().default(""),
    brand: text("brand"),
    categoryId: uuid("category_id").references(() => categories.id, {
      onDelete: "set null",
    }),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    isActive: boolean("is_active").notNull().default(true),
    priceMin: integer("price_min").notNull().default(0),
    priceMax: integer("price_max").notNull().default(0),
    currency: char("currency", { length: 3 }).notNull(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('english', coalesce(brand, '')), 'B') || setweight(to_tsvector('english', bazaar_text_array_to_string(tags, ' ')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')`,
    ),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("products_slug_key").on(table.slug),
    index("products_category_id_idx").on(table.categoryId),
    index("products_search_vector_idx").using("gin", table.searchVector),
    index("products_name_trgm_idx").using(
      "gin",
      sql`${table.name} gin_trgm_ops`,
    ),
    index("products_price_min_idx").on(table.priceMin, table.id),
    index("products_created_at_idx").on(table.createdAt, table.id),
    index("products_name_idx").on(table.name, table.id),
  ],
);

/**
 * A sellable item of a product: one SKU with its option values (size,
 * colour), price in minor units of `currency`, and stock on hand. The check
 * constraint is the last guard against selling stock the shop does not have.
 */
export const variants = pgTable(
  "variants",
  {
    id: uuid("id").primaryKey(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    /** Option name to value, for example `{"size": "M", "color": "Blue"}`. */
    options: jsonb("options")
      .$type<Record<string, string>>()
      .notNull()
      .default({}),
    price: integer("price").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    stockOnHand: integer("stock_on_hand").notNull().default(0),
    isActive: boolean("is_active").notNull().default(true),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("variants_sku_key").on(table.sku),
    index("variants_product_id_idx").on(table.productId, table.position),
    check("variants_price_check", sql`${table.price} >= 0`),
    check("variants_stock_on_hand_check", sql`${table.stockOnHand} >= 0`),
  ],
);

/** An image of a product, shown in `position` order. */
export const productImages = pgTable(
  "product_images",
  {
    id: uuid("id").primaryKey(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** An absolute URL, or a path under the API's `/media/` route. */
    url: text("url").notNull(),
    alt: text("alt").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: timestamps.createdAt,
  },
  (table) => [
    index("product_images_product_id_idx").on(table.productId, table.position),
  ],
);

/** The roles a user can have; staff and admin include every customer right. */
export const userRoles = ["customer", "staff", "admin"] as const;
export type UserRole = (typeof userRoles)[number];

/**
 * A person with an account. Email and username are unique whatever their
 * letter case, so the unique indexes are on `lower(...)`; the stored values
 * keep the case the user typed. `phone` is in E.164 form (`+447911123456`).
 */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    email: text("email").notNull(),
    username: text("username"),
    phone: text("phone"),
    /** Argon2id hash in PHC string form; never sent to clients. */
    passwordHash: text("password_hash").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    role: text("role").$type<UserRole>().notNull().default("customer"),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    phoneVerifiedAt: timestamp("phone_verified_at", { withTimezone: true }),
    isActive: boolean("is_active").notNull().default(true),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("users_email_key").on(sql`lower(${table.email})`),
    uniqueIndex("users_username_key").on(sql`lower(${table.username})`),
    uniqueIndex("users_phone_key").on(table.phone),
    check(
      "users_role_check",
      sql`${table.role} in ('customer', 'staff', 'admin')`,
    ),
  ],
);

/**
 * One sign-in on one device. Every refresh token issued from that sign-in
 * belongs to the family; revoking the family ends the session at once.
 * `expiresAt` follows the newest refresh token of the family.
 */
export const refreshTokenFamilies = pgTable(
  "refresh_token_families",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deviceLabel: text("device_label"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Why the family ended: sign_out, sign_out_all, reuse_detected... */
    revokedReason: text("revoked_reason"),
  },
  (table) => [index("refresh_token_families_user_id_idx").on(table.userId)],
);

/**
 * One refresh token of a family. Only the SHA-256 of the opaque token is
 * stored. A token is used once: rotation sets `usedAt` and `replacedById`
 * (the successor's id) in one conditional UPDATE. `parentId` and
 * `replacedById` carry no foreign key because the successor row is inserted
 * after its parent points to it; both stay inside one family.
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey(),
    familyId: uuid("family_id")
      .notNull()
      .references(() => refreshTokenFamilies.id, { onDelete: "cascade" }),
    /** Lower-case hex SHA-256 of the opaque token. */
    tokenHash: text("token_hash").notNull(),
    parentId: uuid("parent_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    replacedById: uuid("replaced_by_id"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("refresh_tokens_token_hash_key").on(table.tokenHash),
    index("refresh_tokens_family_id_idx").on(table.familyId),
  ],
);

/**
 * A one-time code sent to prove that a user controls an email address or a
 * phone number. `target` is the address or number being proven, which for an
 * email change differs from the user's current one. Codes are stored as
 * hashes; `linkTokenHash` is the hash of the longer secret in an emailed
 * verification link. A code stops working once consumed, expired or tried
 * too often.
 */
export const verificationCodes = pgTable(
  "verification_codes",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose")
      .$type<"email" | "phone" | "email_change">()
      .notNull(),
    target: text("target").notNull(),
    codeHash: text("code_hash").notNull(),
    linkTokenHash: text("link_token_hash"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (table) => [
    index("verification_codes_user_id_idx").on(table.userId, table.purpose),
    uniqueIndex("verification_codes_link_token_hash_key").on(
      table.linkTokenHash,
    ),
    check(
      "verification_codes_purpose_check",
      sql`${table.purpose} in ('email', 'phone', 'email_change')`,
    ),
  ],
);

/** A single-use password reset token, stored as the SHA-256 of the secret. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("password_reset_tokens_token_hash_key").on(table.tokenHash),
    index("password_reset_tokens_user_id_idx").on(table.userId),
  ],
);

/**
 * An entry of a user's address book. At most one address per user is the
 * default shipping address, which a partial unique index enforces.
 */
export const addresses = pgTable(
  "addresses",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    line1: text("line1").notNull(),
    line2: text("line2").notNull().default(""),
    city: text("city").notNull(),
    region: text("region").notNull().default(""),
    postalCode: text("postal_code").notNull(),
    /** ISO 3166-1 alpha-2 code in capitals. */
    country: char("country", { length: 2 }).notNull(),
    /** E.164 number, or empty. */
    phone: text("phone").notNull().default(""),
    isDefaultShipping: boolean("is_default_shipping").notNull().default(false),
    ...timestamps,
  },
  (table) => [
    index("addresses_user_id_idx").on(table.userId),
    uniqueIndex("addresses_default_shipping_key")
      .on(table.userId)
      .where(sql`${table.isDefaultShipping}`),
  ],
);

/**
 * A cart of a signed-in user (`userId`) or of a guest (`tokenHash`, the
 * SHA-256 of the secret cart token, whose clear value only the guest holds).
 * Exactly one of the two is set. A user has at most one cart; several NULL
 * user ids do not clash in a unique index.
 */
export const carts = pgTable(
  "carts",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").references(() => users.id, {
      onDelete: "cascade",
    }),
    /** Lower-case hex SHA-256 of the guest's cart token. */
    tokenHash: text("token_hash"),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("carts_user_id_key").on(table.userId),
    uniqueIndex("carts_token_hash_key").on(table.tokenHash),
    check(
      "carts_owner_check",
      sql`(${table.userId} is null) <> (${table.tokenHash} is null)`,
    ),
  ],
);

/**
 * A line item of a cart: one variant and its quantity. `recordedUnitPrice`
 * is the variant's price when the line was added or last changed, so the
 * cart can flag a price that changed since.
 */
export const cartItems = pgTable(
  "cart_items",
  {
    id: uuid("id").primaryKey(),
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    variantId: uuid("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    recordedUnitPrice: integer("recorded_unit_price").notNull(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("cart_items_cart_id_variant_id_key").on(
      table.cartId,
      table.variantId,
    ),
    index("cart_items_variant_id_idx").on(table.variantId),
    check("cart_items_quantity_check", sql`${table.quantity} between 1 and 99`),
  ],
);

/** The statuses of an order; the allowed transitions live in orders/. */
export const orderStatuses = [
  "pending",
  "paid",
  "fulfilled",
  "delivered",
  "cancelled",
  "refunded",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** A postal address as copied into an order; it never changes afterwards. */
export interface OrderAddress {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  phone: string;
}

/**
 * A percentage or fixed-amount discount code. `usageCount` counts the
 * orders that redeemed it; the check keeps it within `usageLimit`.
 */
export const coupons = pgTable(
  "coupons",
  {
    id: uuid("id").primaryKey(),
    /** Upper-case code that shoppers type; compared in upper case. */
    code: text("code").notNull(),
    kind: text("kind").$type<"percentage" | "fixed">().notNull(),
    /** Whole percent from 1 to 100 for `percentage` coupons. */
    percentOff: integer("percent_off"),
    /** Minor units for `fixed` coupons. */
    amountOff: integer("amount_off"),
    currency: char("currency", { length: 3 }).notNull(),
    minimumSubtotal: integer("minimum_subtotal").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    usageLimit: integer("usage_limit"),
    usageCount: integer("usage_count").notNull().default(0),
    perCustomerLimit: integer("per_customer_limit"),
    isActive: boolean("is_active").notNull().default(true),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("coupons_code_key").on(table.code),
    check("coupons_kind_check", sql`${table.kind} in ('percentage', 'fixed')`),
    check(
      "coupons_value_check",
      sql`(${table.kind} = 'percentage' and ${table.percentOff} between 1 and 100 and ${table.amountOff} is null) or (${table.kind} = 'fixed' and ${table.amountOff} > 0 and ${table.percentOff} is null)`,
    ),
    check(
      "coupons_usage_count_check",
      sql`${table.usageCount} >= 0 and (${table.usageLimit} is null or ${table.usageCount} <= ${table.usageLimit})`,
    ),
  ],
);

/**
 * An order: an immutable snapshot of what a user bought, where it goes, what
 * it cost and how it is paid. `number` is the random code shown to people.
 * Amounts are minor units of `currency`; `total` is what the customer pays.
 */
export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey(),
    number: text("number").notNull(),
    /** Null once the user deleted the account; the order is kept. */
    userId: uuid("user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    email: text("email").notNull(),
    status: text("status").$type<OrderStatus>().notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    subtotal: integer("subtotal").notNull(),
    discountTotal: integer("discount_total").notNull(),
    shippingTotal: integer("shipping_total").notNull(),
    taxTotal: integer("tax_total").notNull(),
    total: integer("total").notNull(),
    /** Whether the prices and `subtotal` already include `taxTotal`. */
    pricesIncludeTax: boolean("prices_include_tax").notNull(),
    taxRateBasisPoints: integer("tax_rate_basis_points").notNull(),
    shippingMethod: text("shipping_method").notNull(),
    shippingAddress: jsonb("shipping_address").$type<OrderAddress>().notNull(),
    couponId: uuid("coupon_id").references(() => coupons.id, {
      onDelete: "set null",
    }),
    couponCode: text("coupon_code"),
    paymentMethod: text("payment_method").notNull(),
    /** `pending`, `captured` or `refunded`. */
    paymentStatus: text("payment_status").notNull(),
    /** The processor's reference of the charge, when there is one. */
    paymentReference: text("payment_reference"),
    /** The last four digits of the card; the full number is never stored. */
    cardLast4: char("card_last4", { length: 4 }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("orders_number_key").on(table.number),
    index("orders_user_id_idx").on(table.userId, table.createdAt),
    check(
      "orders_status_check",
      sql`${table.status} in ('pending', 'paid', 'fulfilled', 'delivered', 'cancelled', 'refunded')`,
    ),
    check(
      "orders_totals_check",
      sql`${table.subtotal} >= 0 and ${table.discountTotal} >= 0 and ${table.shippingTotal} >= 0 and ${table.taxTotal} >= 0 and ${table.total} >= 0`,
    ),
  ],
);

/**
 * One line of an order, copied from the catalog when the order was placed.
 * `variantId` only links back; the snapshot columns are what was sold.
 */
export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id").primaryKey(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    variantId: uuid("variant_id").references(() => variants.id, {
      onDelete: "set null",
    }),
    productName: text("product_name").notNull(),
    productSlug: text("product_slug").notNull(),
    sku: text("sku").notNull(),
    options: jsonb("options")
      .$type<Record<string, string>>()
      .notNull()
      .default({}),
    unitPrice: integer("unit_price").notNull(),
    quantity: integer("quantity").notNull(),
    lineTotal: integer("line_total").notNull(),
    position: integer("position").notNull(),
  },
  (table) => [
    index("order_lines_order_id_idx").on(table.orderId, table.position),
    check("order_lines_quantity_check", sql`${table.quantity} > 0`),
  ],
);

/** One status change of an order: who made it, when, from and to. */
export const orderStatusHistory = pgTable(
  "order_status_history",
  {
    id: uuid("id").primaryKey(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** Null for the order's first entry. */
    fromStatus: text("from_status").$type<OrderStatus>(),
    toStatus: text("to_status").$type<OrderStatus>().notNull(),
    /** The user who made the change; null for the system. */
    actorUserId: uuid("actor_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    note: text("note").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    index("order_status_history_order_id_idx").on(
      table.orderId,
      table.createdAt,
    ),
  ],
);

/** One use of a coupon by an order, for the per-customer limit. */
export const couponRedemptions = pgTable(
  "coupon_redemptions",
  {
    id: uuid("id").primaryKey(),
    couponId: uuid("coupon_id")
      .notNull()
      .references(() => coupons.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    index("coupon_redemptions_coupon_id_user_id_idx").on(
      table.couponId,
      table.userId,
    ),
    uniqueIndex("coupon_redemptions_order_id_key").on(table.orderId),
  ],
);

/** Money returned to the customer for an order, in minor units. */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    amount: integer("amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    reason: text("reason").notNull(),
    /** The processor's reference of the refund. */
    paymentReference: text("payment_reference"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    index("refunds_order_id_idx").on(table.orderId),
    check("refunds_amount_check", sql`${table.amount} > 0`),
  ],
);

/**
 * The first request a user sent with one Idempotency-Key. `requestHash` is
 * the SHA-256 of the request body (without card secrets); `orderId` is the
 * order it placed. The primary key makes a second request with the key wait
 * for the first one's transaction and then read its order.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    orderId: uuid("order_id").references(() => orders.id, {
      onDelete: "cascade",
    }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.key] })],
);
