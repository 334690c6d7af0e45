// The web's error catalogue. A page handler throws a PageError, and the error
// handler renders the matching page under views/errors/ with the catalogue's
// status. Browsers never receive JSON or a stack trace.

export interface FieldError {
  /** The query field, in the same snake_case as the page URL. */
  field: string;
  message: string;
}

interface PageErrorDefinition {
  status: number;
  title: string;
  template: string;
}

export const pageErrorCatalogue = {
  /** A query value is invalid; `fieldErrors` lists each field. */
  BAD_REQUEST: {
    status: 400,
    title: "There is a problem with your request",
    template: "errors/400.njk",
  },
  /** A form arrived without a valid CSRF token or from another site. */
  FORBIDDEN: {
    status: 403,
    title: "This form has expired",
    template: "errors/403.njk",
  },
  /** No product, category or page matches the URL. */
  NOT_FOUND: {
    status: 404,
    title: "Page not found",
    template: "errors/404.njk",
  },
  /** A route exists for the path, but not for the request's method. */
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: "This page does not accept that kind of request",
    template: "errors/405.njk",
  },
  /** The API refused the connection, timed out or failed with a 5xx. */
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: "The shop is temporarily unavailable",
    template: "errors/503.njk",
  },
  /** An unexpected failure; the details are in the server log only. */
  INTERNAL: {
    status: 500,
    title: "Something went wrong",
    template: "errors/500.njk",
  },
} as const satisfies Record<string, PageErrorDefinition>;

export type PageErrorCode = keyof typeof pageErrorCatalogue;

/** Filter form state that the 400 page shows again beside the errors. */
export interface FilterFormContext {
  /** The page the form submits to, such as `/c/shoes` or `/search`. */
  action: string;
  /** The values as the user typed them, to refill the fields. */
  values: Record<string, string>;
  /** Hidden fields kept when the form is submitted again, such as `q`. */
  hiddenFields: Record<string, string>;
  /** The same page without any filter, for the "back" link. */
  backUrl: string;
  isSearch: boolean;
  sortChoices: { value: string; label: string; isSelected: boolean }[];
}

export interface PageErrorOptions {
  fieldErrors?: readonly FieldError[];
  form?: FilterFormContext;
  cause?: unknown;
}

/** An error that becomes an HTML error page with the catalogue's status. */
export class PageError extends Error {
  readonly status: number;
  readonly title: string;
  readonly template: string;
  readonly fieldErrors: readonly FieldError[];
  readonly form: FilterFormContext | undefined;

  constructor(
    readonly code: PageErrorCode,
    readonly detail: string,
    options: PageErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = "PageError";
    this.status = pageErrorCatalogue[code].status;
    this.title = pageErrorCatalogue[code].title;
    this.template = pageErrorCatalogue[code].template;
    this.fieldErrors = options.fieldErrors ?? [];
    this.form = options.form;
  }
}

/** Builds the NOT_FOUND error for a `kind` of resource looked up by `key`. */
export function notFound(kind: string, key: string): PageError {
  return new PageError("NOT_FOUND", `No ${kind} matches "${key}".`);
}

/**
 * Thrown when the API rejects the user's tokens (401): the session was
 * revoked or has expired. The error handler clears the session and sends
 * the browser to sign in again, back to the page it was on.
 */
export class SessionEndedError extends Error {
  constructor() {
    super("The session has ended.");
    this.name = "SessionEndedError";
  }
}
