import type { ApiConfig } from "../../config.js";
import { AppError } from "../../errors.js";

/**
 * Throws EMAIL_NOT_VERIFIED when REQUIRE_VERIFIED_EMAIL is on and the user
 * has not verified the email address. Checkout calls it before an order.
 */
export function assertEmailVerifiedWhenRequired(
  user: { emailVerifiedAt: Date | null },
  config: Pick<ApiConfig, "requireVerifiedEmail">,
): void {
  if (!config.requireVerifiedEmail || user.emailVerifiedAt !== null) return;
  throw new AppError(
    "EMAIL_NOT_VERIFIED",
    "Verify your email address first: ask for a code with POST /api/v1/auth/verify-email/request.",
  );
}
