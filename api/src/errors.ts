// The API's error catalogue. Every error a client can receive has a stable
// code, an HTTP status and a title here. The error handler turns an AppError
// into an RFC 9457 problem document.

export interface FieldError {
  /** The query, path or body field, in the API's snake_case. */
  field: string;
  message: string;
}

interface ErrorDefinition {
  status: number;
  title: string;
}

export const errorCatalogue = {
  /** The request is malformed or a value breaks a rule; `errors` lists each field. */
  VALIDATION_FAILED: { status: 400, title: "Invalid request" },
  /** The request carries no access token; send `Authorization: Bearer <token>`. */
  AUTHENTICATION_REQUIRED: { status: 401, title: "Authentication required" },
  /** The access token is malformed, forged, expired or not meant for this API. */
  INVALID_TOKEN: { status: 401, title: "Invalid access token" },
  /** The login or the password is wrong, or the account is deactivated. */
  INVALID_CREDENTIALS: { status: 401, title: "Invalid credentials" },
  /** The refresh token is unknown, expired, revoked or was already used. */
  INVALID_REFRESH_TOKEN: { status: 401, title: "Invalid refresh token" },
  /** The caller is signed in but its role does not allow the action. */
  FORBIDDEN: { status: 403, title: "Forbidden" },
  /** The action needs a verified email address; verify it and try again. */
  EMAIL_NOT_VERIFIED: { status: 403, title: "Email address not verified" },
  /** The resource does not exist or is not visible to the caller. */
  NOT_FOUND: { status: 404, title: "Not found" },
  /** The requested page lies beyond the last page of results. */
  PAGE_NOT_FOUND: { status: 404, title: "Page not found" },
  /** The HTTP method is not allowed on the route. */
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  /** The request clashes with existing data, such as an email already registered. */
  CONFLICT: { status: 409, title: "Conflict" },
  /** A cart line requests more than the stock on hand. `available` is the number left. */
  INSUFFICIENT_STOCK: { status: 409, title: "Not enough stock" },
  /** The variant is inactive or its product is no longer sold. */
  VARIANT_UNAVAILABLE: { status: 409, title: "Variant unavailable" },
  /** Checkout needs at least one line in the cart. */
  CART_EMPTY: { status: 409, title: "Cart is empty" },
  /** The order total differs from `expected_total`. `total` is the current one. */
  TOTAL_CHANGED: { status: 409, title: "Order total changed" },
  /** The coupon is unknown, expired, used up or its minimum subtotal is not met. */
  COUPON_NOT_APPLICABLE: { status: 409, title: "Coupon not applicable" },
  /** The order's current status does not allow the requested change. */
  INVALID_STATUS_TRANSITION: { status: 409, title: "Invalid status change" },
  /** The Idempotency-Key was already used with a different request body. */
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: "Idempotency key reused" },
  /** The card issuer declined the payment; nothing was charged or changed. */
  PAYMENT_DECLINED: { status: 402, title: "Payment declined" },
  /** The card has insufficient funds; nothing was charged or changed. */
  INSUFFICIENT_FUNDS: { status: 402, title: "Insufficient funds" },
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: { status: 413, title: "Request body too large" },
  /** The request body has a media type the route does not accept. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  /** The client sent too many requests; retry after the given delay. */
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  /** The database or another dependency is unreachable. */
  SERVICE_UNAVAILABLE: { status: 503, title: "Service unavailable" },
  /** An unexpected failure; the details are in the server log only. */
  INTERNAL: { status: 500, title: "Internal server error" },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An error the client caused or may act on, with its catalogue code. */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(detail);
    this.name = "AppError";
    this.status = errorCatalogue[code].status;
    this.title = errorCatalogue[code].title;
  }
}

/** Builds the NOT_FOUND error for a `kind` of resource looked up by `key`. */
export function notFound(kind: string, key: string): AppError {
  return new AppError("NOT_FOUND", `No ${kind} matches "${key}".`);
}

/** Builds a VALIDATION_FAILED error for one field. */
export function invalidField(field: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", `${field} ${message}`, [
    { field, message },
  ]);
}

/**
 * Throws VALIDATION_FAILED unless `body` sets at least one of `fields`, for
 * PATCH routes whose fields are all optional.
 */
export function assertSomeFieldGiven(
  body: object,
  fields: readonly string[],
): void {
  const hasKnownField = Object.entries(body).some(
    ([key, value]) => value !== undefined && fields.includes(key),
  );
  if (hasKnownField) return;
  const message = `body must set at least one of these fields: ${fields.join(", ")}.`;
  throw new AppError("VALIDATION_FAILED", message, [
    { field: "body", message },
  ]);
}

/**
 * A RATE_LIMITED error with the delay the client must wait, which the rate
 * limit plugin sends as the Retry-After header.
 */
export class RateLimitedError extends AppError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", detail);
    this.name = "RateLimitedError";
  }
}

/**
 * Builds a VALIDATION_FAILED error for one field whose message names the
 * field and the rule, as in "code is wrong: 4 attempts left.".
 */
export function rejectFieldRule(field: string, rule: string): AppError {
  const message = `${field} ${rule}`;
  return new AppError("VALIDATION_FAILED", message, [{ field, message }]);
}

/**
 * An AppError whose problem document carries extra members beside the
 * standard ones, such as `available` on INSUFFICIENT_STOCK (RFC 9457
 * calls them extension members).
 */
export class AppErrorWithMembers extends AppError {
  constructor(
    code: ErrorCode,
    detail: string,
    readonly members: Readonly<Record<string, unknown>>,
    fieldErrors: readonly FieldError[] = [],
  ) {
    super(code, detail, fieldErrors);
    this.name = "AppErrorWithMembers";
    assertNoStandardMember(members);
  }
}

/** The members every problem document has, which extensions cannot reuse. */
export const standardProblemMembers: readonly string[] = [
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "code",
  "request_id",
  "errors",
];

/**
 * Throws a TypeError when an extension member reuses a standard member's
 * name, which the standard member would hide from clients.
 */
function assertNoStandardMember(
  members: Readonly<Record<string, unknown>>,
): void {
  const clash = Object.keys(members).find((name) =>
    standardProblemMembers.includes(name),
  );
  if (clash === undefined) return;
  throw new TypeError(
    `The problem member "${clash}" clashes with the standard member of that name: rename it.`,
  );
}
