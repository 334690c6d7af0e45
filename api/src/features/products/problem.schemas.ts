// The RFC 9457 problem document as a response schema, so that the OpenAPI
// contract lists the error responses of each route. The error handler in
// plugins/problem-details.ts builds these documents.
import { Type, type TProperties, type TSchema } from "@sinclair/typebox";

import { errorCatalogue } from "../../errors.js";

const FieldErrorSchema = Type.Object({
  field: Type.String({
    description: "The query, path or body field, in the API's snake_case.",
  }),
  message: Type.String({
    description: "A sentence that names the field and the rule it breaks.",
  }),
});

export const ProblemDocumentSchema = Type.Object(
  {
    type: Type.String({
      description: "A relative URI naming the problem type, one per code.",
      examples: ["/problems/validation-failed"],
    }),
    title: Type.String({
      description: "A short summary of the problem type.",
    }),
    status: Type.Integer({ description: "The HTTP status code." }),
    detail: Type.String({
      description: "What went wrong with this request, in a sentence or two.",
    }),
    code: Type.Unsafe<keyof typeof errorCatalogue>({
      type: "string",
      enum: Object.keys(errorCatalogue),
      description: "A stable error code that clients can branch on.",
    }),
    instance: Type.String({
      description: "The path and query of the request that failed.",
    }),
    request_id: Type.String({
      description: "The request id; quote it when reporting a problem.",
    }),
    errors: Type.Optional(
      Type.Array(FieldErrorSchema, {
        description:
          "One entry per invalid field; present on validation failures.",
      }),
    ),
  },
  {
    $id: "ProblemDocument",
    description: "An RFC 9457 problem document.",
  },
);

/**
 * Builds a response entry whose body is a problem document served as
 * `application/problem+json`, for a route's `response` schema map.
 */
export function problemResponse(description: string): TSchema {
  return Type.Unsafe({
    description,
    content: {
      "application/problem+json": { schema: ProblemDocumentSchema },
    },
  });
}

/**
 * Builds a problem response like problemResponse whose document also
 * declares `members`, the extension members of its error codes. Declare
 * each member optional, because other errors of the same status lack it.
 */
export function problemResponseWithMembers(
  description: string,
  members: TProperties,
): TSchema {
  const schema = Type.Object(
    { ...ProblemDocumentSchema.properties, ...members },
    { description: "An RFC 9457 problem document with extension members." },
  );
  return Type.Unsafe({
    description,
    content: { "application/problem+json": { schema } },
  });
}
