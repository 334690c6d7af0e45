// The API's error catalogue. Every error a client can receive has a stable
// code, an HTTP status and a title here; the error handler turns an AppError
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
  /** The resource does not exist or is not visible to the caller. */
  NOT_FOUND: { status: 404, title: "Not found" },
  /** The requested page lies beyond the last page of results. */
  PAGE_NOT_FOUND: { status: 404, title: "Page not found" },
  /** The HTTP method is not allowed on the route. */
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  /** The request clashes with existing data, such as an email already registered. */
  CONFLICT: { status: 409, title: "Conflict" },
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
