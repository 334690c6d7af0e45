// Test data builders. Each call makes unique slugs and SKUs, so tests never
// depend on each other's rows.
import { randomBytes, randomUUID } from "node:crypto";

import type { Database } from "../db/client.js";
import {
  categories,
  coupons,
  productImages,
  products,
  users,
  variants,
  type UserRole,
} from "../db/schema.js";
import { hashPassword } from "../features/auth/passwords.js";

let sequence = 0;

/** Returns a short suffix unique within this test process. */
export function uniqueSuffix(): string {
  sequence += 1;
  return `${process.pid.toString(36)}${sequence.toString(36)}${randomUUID().slice(0, 4)}`;
}

export interface BuiltCategory {
  id: string;
  slug: string;
  name: string;
  path: string;
}

export async function buildCategory(
  db: Database,
  options: {
    name?: string;
    parent?: BuiltCategory;
    slug?: string;
    description?: string;
    position?: number;
  } = {},
): Promise<BuiltCategory> {
  const suffix = uniqueSuffix();
  const slug = options.slug ?? `category-${suffix}`;
  const row = {
    id: randomUUID(),
    slug,
    name: options.name ?? `Category ${suffix}`,
    parentId: options.parent?.id ?? null,
    path: options.parent ? `${options.parent.path}/${slug}` : slug,
    description: options.description ?? "",
    position: options.position ?? 0,
  };
  await db.insert(categories).values(row);
  return { id: row.id, slug: row.slug, name: row.name, path: row.path };
}

export interface VariantInput {
  sku?: string;
  price?: number;
  stockOnHand?: number;
  options?: Record<string, string>;
  isActive?: boolean;
}

export interface BuiltProduct {
  id: string;
  slug: string;
  name: string;
  variants: { id: string; sku: string; price: number }[];
}

export async function buildProduct(
  db: Database,
  options: {
    name?: string;
    slug?: string;
    description?: string;
    brand?: string | null;
    tags?: string[];
    category?: BuiltCategory;
    isActive?: boolean;
    createdAt?: Date;
    variants?: VariantInput[];
    imageUrls?: string[];
  } = {},
): Promise<BuiltProduct> {
  const suffix = uniqueSuffix();
  const variantInputs = options.variants ?? [{}];
  const builtVariants = variantInputs.map((input, index) => ({
    id: randomUUID(),
    sku: input.sku ?? `SKU-${suffix}-${index}`.toUpperCase(),
    price: input.price ?? 1999,
    stockOnHand: input.stockOnHand ?? 10,
    options: input.options ?? {},
    isActive: input.isActive ?? true,
    position: index,
    currency: "USD",
  }));
  const activePrices = builtVariants
    .filter((variant) => variant.isActive)
    .map((variant) => variant.price);
  const product = {
    id: randomUUID(),
    slug: options.slug ?? `product-${suffix}`,
    name: options.name ?? `Product ${suffix}`,
    description: options.description ?? "",
    brand: options.brand ?? null,
    tags: options.tags ?? [],
    categoryId: options.category?.id ?? null,
    isActive: options.isActive ?? true,
    priceMin: activePrices.length > 0 ? Math.min(...activePrices) : 0,
    priceMax: activePrices.length > 0 ? Math.max(...activePrices) : 0,
    currency: "USD",
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
  };
  await db.insert(products).values(product);
  await db
    .insert(variants)
    .values(
      builtVariants.map((variant) => ({ ...variant, productId: product.id })),
    );
  const imageUrls = options.imageUrls ?? [];
  if (imageUrls.length > 0) {
    await db.insert(productImages).values(
      imageUrls.map((url, position) => ({
        id: randomUUID(),
        productId: product.id,
        url,
        alt: product.name,
        position,
      })),
    );
  }
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    variants: builtVariants.map(({ id, sku, price }) => ({ id, sku, price })),
  };
}

/**
 * Returns a random word of 12 lower-case letters. Search tests put it in
 * names or tags to find only their own products; full-text parsing would
 * split the digits of uniqueSuffix() into separate tokens.
 */
export function uniqueWord(): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return Array.from(
    randomBytes(12),
    (byte) => letters[byte % letters.length],
  ).join("");
}

export interface BuiltUser {
  id: string;
  email: string;
  username: string | null;
  phone: string | null;
  /** The password in clear, for signing in. */
  password: string;
  role: UserRole;
}

/** Builds a user with a unique email; the password is hashed as in production. */
export async function buildUser(
  db: Database,
  options: {
    email?: string;
    password?: string;
    username?: string | null;
    phone?: string | null;
    role?: UserRole;
    isActive?: boolean;
    firstName?: string;
    lastName?: string;
  } = {},
): Promise<BuiltUser> {
  const suffix = uniqueSuffix();
  const password = options.password ?? `Test password ${suffix}`;
  const row = {
    id: randomUUID(),
    email: options.email ?? `user-${suffix}@example.com`,
    username: options.username ?? null,
    phone: options.phone ?? null,
    passwordHash: await hashPassword(password),
    firstName: options.firstName ?? "Test",
    lastName: options.lastName ?? `User ${suffix}`,
    role: options.role ?? "customer",
    isActive: options.isActive ?? true,
  };
  await db.insert(users).values(row);
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    phone: row.phone,
    password,
    role: row.role,
  };
}

export interface BuiltCoupon {
  id: string;
  code: string;
}

/** Builds a coupon with a unique upper-case code; 10 % off by default. */
export async function buildCoupon(
  db: Database,
  options: {
    code?: string;
    kind?: "percentage" | "fixed";
    percentOff?: number;
    amountOff?: number;
    minimumSubtotal?: number;
    expiresAt?: Date | null;
    usageLimit?: number | null;
    perCustomerLimit?: number | null;
    isActive?: boolean;
  } = {},
): Promise<BuiltCoupon> {
  const kind = options.kind ?? "percentage";
  const row = {
    id: randomUUID(),
    code: options.code ?? `SAVE${uniqueSuffix()}`.toUpperCase(),
    kind,
    percentOff: kind === "percentage" ? (options.percentOff ?? 10) : null,
    amountOff: kind === "fixed" ? (options.amountOff ?? 500) : null,
    currency: "USD",
    minimumSubtotal: options.minimumSubtotal ?? 0,
    expiresAt: options.expiresAt ?? null,
    usageLimit: options.usageLimit ?? null,
    perCustomerLimit: options.perCustomerLimit ?? null,
    isActive: options.isActive ?? true,
  };
  await db.insert(coupons).values(row);
  return { id: row.id, code: row.code };
}
