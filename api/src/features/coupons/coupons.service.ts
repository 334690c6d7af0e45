// Coupon rules at checkout. The total usage limit is enforced by a
// conditional UPDATE of the usage counter. The per-customer limit is counted
// while the caller holds the lock on the user's cart row, which every
// checkout of that user takes first, so two orders of one user cannot both
// pass the count. A priced cart (GET /me/cart with a coupon code) runs the
// same checks without that lock and takes no use, so it only reports whether
// an order placed now would accept the coupon.
import { randomUUID } from "node:crypto";

import type { Database } from "../../db/client.js";
import { AppErrorWithMembers, type AppError } from "../../errors.js";
import type { CouponTerms } from "../pricing/pricing.js";
import { meetsMinimumSubtotal } from "../pricing/pricing.js";
import {
  countRedemptions,
  decrementCouponUsage,
  deleteRedemption,
  findCouponByCode,
  incrementCouponUsage,
  insertRedemption,
  type CouponRow,
} from "./coupons.queries.js";

export type { CouponRow };

const usedUpRule = "has been used as often as it allows.";

/** The reasons a coupon cannot be used, sent as the problem's `reason` member. */
export const couponRejectionReasons = [
  "unknown",
  "expired",
  "other_currency",
  "used_up",
  "customer_limit_reached",
  "minimum_subtotal_not_met",
] as const;
export type CouponRejectionReason = (typeof couponRejectionReasons)[number];

/**
 * Builds COUPON_NOT_APPLICABLE with a field error on `coupon_code` whose
 * message is "coupon_code " followed by `rule`, and the `reason` member.
 */
function rejectCoupon(
  code: string,
  reason: CouponRejectionReason,
  rule: string,
  members: Readonly<Record<string, unknown>> = {},
): AppError {
  return new AppErrorWithMembers(
    "COUPON_NOT_APPLICABLE",
    `Coupon "${code}" ${rule} Remove it or try another code.`,
    { reason, ...members },
    [{ field: "coupon_code", message: `coupon_code ${rule}` }],
  );
}

/** Normalises a typed code: codes are stored and compared in upper case. */
export function normaliseCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

export function toCouponTerms(coupon: CouponRow): CouponTerms {
  if (coupon.kind === "percentage") {
    return {
      kind: "percentage",
      percentOff: coupon.percentOff ?? 0,
      minimumSubtotal: coupon.minimumSubtotal,
    };
  }
  return {
    kind: "fixed",
    amountOff: coupon.amountOff ?? 0,
    minimumSubtotal: coupon.minimumSubtotal,
  };
}

/**
 * Loads a coupon and checks that this user may use it on `subtotal` now.
 * Throws COUPON_NOT_APPLICABLE for an unknown, inactive or expired code, one
 * in another currency, one used up in total or by this user, and a subtotal
 * below its minimum.
 */
export async function getApplicableCouponOrThrow(
  tx: Database,
  typedCode: string,
  context: { userId: string; subtotal: number; currency: string; now: Date },
): Promise<CouponRow> {
  const code = normaliseCouponCode(typedCode);
  const coupon = await findCouponByCode(tx, code);
  if (!coupon || !coupon.isActive) {
    throw rejectCoupon(typedCode, "unknown", "is not a valid code.");
  }
  if (coupon.expiresAt && coupon.expiresAt <= context.now) {
    throw rejectCoupon(code, "expired", "has expired.");
  }
  if (coupon.currency !== context.currency) {
    throw rejectCoupon(
      code,
      "other_currency",
      `is for prices in ${coupon.currency}.`,
    );
  }
  if (coupon.usageLimit !== null && coupon.usageCount >= coupon.usageLimit) {
    throw rejectCoupon(code, "used_up", usedUpRule);
  }
  if (coupon.perCustomerLimit !== null) {
    const used = await countRedemptions(tx, coupon.id, context.userId);
    if (used >= coupon.perCustomerLimit) {
      throw rejectCoupon(
        code,
        "customer_limit_reached",
        "has already been used by this account as often as one customer may.",
      );
    }
  }
  if (!meetsMinimumSubtotal(context.subtotal, toCouponTerms(coupon))) {
    throw rejectCoupon(
      code,
      "minimum_subtotal_not_met",
      `needs a subtotal of at least ${coupon.minimumSubtotal}, but the subtotal is ${context.subtotal} (minor units of ${context.currency}).`,
      {
        minimum_subtotal: coupon.minimumSubtotal,
        subtotal: context.subtotal,
        currency: context.currency,
      },
    );
  }
  return coupon;
}

/**
 * Takes one use of the coupon, under its usage limit. Throws
 * COUPON_NOT_APPLICABLE when a concurrent order took the last one.
 */
export async function claimCouponUseOrThrow(
  tx: Database,
  coupon: CouponRow,
  now: Date,
): Promise<void> {
  if (await incrementCouponUsage(tx, coupon.id, now)) return;
  throw rejectCoupon(coupon.code, "used_up", usedUpRule);
}

/** Records which user and order used the coupon. */
export async function recordRedemption(
  tx: Database,
  redemption: { couponId: string; userId: string; orderId: string; now: Date },
): Promise<void> {
  await insertRedemption(tx, {
    id: randomUUID(),
    couponId: redemption.couponId,
    userId: redemption.userId,
    orderId: redemption.orderId,
    createdAt: redemption.now,
  });
}

/** Gives back the use an order took, when the order is cancelled. */
export async function releaseRedemption(
  tx: Database,
  release: { couponId: string; orderId: string; now: Date },
): Promise<void> {
  await deleteRedemption(tx, release.orderId);
  await decrementCouponUsage(tx, release.couponId, release.now);
}
