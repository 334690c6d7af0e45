// PostgreSQL text cannot hold the NUL character (U+0000): a query carrying one
// fails with "invalid byte sequence", which would surface as a 500. Every
// request is checked before validation instead, and a NUL anywhere in the
// path parameters, query or JSON body is a 400 naming the field.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

import { AppError, type FieldError } from "../errors.js";

/** Lists the fields of `value` whose strings contain a NUL character. */
export function findNulFields(value: unknown, field: string): string[] {
  if (typeof value === "string") return value.includes("\u0000") ? [field] : [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) =>
      findNulFields(item, `${field}[${index}]`),
    );
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes("\u0000") ? [field || "body"] : []),
      ...findNulFields(item, field ? `${field}.${key}` : key),
    ]);
  }
  return [];
}

async function rejectNul(app: FastifyInstance): Promise<void> {
  app.addHook("preValidation", async (request) => {
    const fields = [
      ...findNulFields(request.params, ""),
      ...findNulFields(request.query, ""),
      ...findNulFields(request.body, ""),
    ];
    if (fields.length === 0) return;
    const fieldErrors: FieldError[] = [...new Set(fields)].map((field) => ({
      field,
      message: `${field} must not contain a NUL character.`,
    }));
    throw new AppError(
      "VALIDATION_FAILED",
      fieldErrors.map((fieldError) => fieldError.message).join(" "),
      fieldErrors,
    );
  });
}

export default fp(rejectNul, { name: "reject-nul" });
