// Rejects control characters (NUL included) in path parameters, and all but
// tab and line breaks in query values, before any page calls the API. No slug, SKU or search text contains
// one, and PostgreSQL text cannot store NUL. A path parameter with one
// matches nothing, so the page is a 404, and a query value gets the 400 page
// with a message for its field.
import type { FastifyInstance } from "fastify";

import { PageError } from "../errors.js";

// eslint-disable-next-line no-control-regex -- finding them is the purpose.
const controlCharacter = /[\u0000-\u001f\u007f]/;
/**
 * The same without tab, line feed and carriage return: whitespace that query
 * values may carry and that the pages trim or ignore.
 */
// eslint-disable-next-line no-control-regex -- finding them is the purpose.
const queryControlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Names of query fields as the pages label them; others use the name. */
const queryFieldLabels: Record<string, string> = {
  q: "Search",
  category: "Category",
  min_price: "Minimum price",
  max_price: "Maximum price",
  in_stock: "In stock only",
  sort: "Sort order",
  page: "Page",
  variant: "Variant",
};

function labelQueryField(field: string): string {
  const label = queryFieldLabels[field];
  if (label !== undefined) return label;
  return controlCharacter.test(field) ? "A query value" : `"${field}"`;
}

/** Returns true when `value`, or any string in it, matches `pattern`. */
function containsMatch(value: unknown, pattern: RegExp): boolean {
  if (typeof value === "string") return pattern.test(value);
  if (Array.isArray(value)) {
    return value.some((item) => containsMatch(item, pattern));
  }
  return false;
}

/**
 * Checks the path parameters and the query of every request.
 * Throws PageError NOT_FOUND for a path parameter and BAD_REQUEST, with one
 * field error per query field, for query values.
 */
export function assertNoControlCharacters(
  params: Record<string, unknown>,
  query: Record<string, unknown>,
): void {
  const containsControlCharacter = (value: unknown): boolean =>
    containsMatch(value, controlCharacter);
  if (Object.values(params).some(containsControlCharacter)) {
    throw new PageError("NOT_FOUND", "No page matches this address.");
  }
  const fieldErrors = Object.entries(query)
    .filter(([, value]) => containsMatch(value, queryControlCharacter))
    .map(([field]) => ({
      field,
      message: `${labelQueryField(field)} must not contain control characters`,
    }));
  if (fieldErrors.length > 0) {
    throw new PageError("BAD_REQUEST", "The address is not valid.", {
      fieldErrors,
    });
  }
}

/** Adds the check as an onRequest hook of `app`, before any page runs. */
export function registerControlCharacterCheck(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    assertNoControlCharacters(
      (request.params ?? {}) as Record<string, unknown>,
      (request.query ?? {}) as Record<string, unknown>,
    );
  });
}
