// Turns every error into an RFC 9457 `application/problem+json` response.
// Client errors are logged at info level and keep their detail; anything
// unexpected becomes a 500 with a generic detail, and the full error goes to
// the log only.
import type { Duplex } from "node:stream";

import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";

import {
  AppError,
  errorCatalogue,
  type ErrorCode,
  type FieldError,
} from "../errors.js";

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  request_id: string;
  errors?: FieldError[];
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Problem types are relative URIs, one per catalogue code. */
function problemType(code: ErrorCode): string {
  return `/problems/${code.toLowerCase().replaceAll("_", "-")}`;
}

const expectedTypeRules: Record<string, string> = {
  integer: "must be a whole number",
  number: "must be a number",
  boolean: "must be true or false",
  string: "must be text",
  array: "must be a list",
  object: "must be an object",
};

function describeExpectedType(type: string): string {
  return expectedTypeRules[type] ?? `must be of type ${type}`;
}

function describeRule(error: AjvError): string {
  const params = error.params;
  switch (error.keyword) {
    case "type":
      return describeExpectedType(String(params.type));
    case "minimum":
      return `must be at least ${String(params.limit)}`;
    case "maximum":
      return `must be at most ${String(params.limit)}`;
    case "minLength":
      return params.limit === 1
        ? "must not be empty"
        : `must be at least ${String(params.limit)} characters long`;
    case "maxLength":
      return `must be at most ${String(params.limit)} characters long`;
    case "enum":
      return `must be one of: ${(params.allowedValues as unknown[]).join(", ")}`;
    case "pattern":
      return "has an invalid format";
    case "format":
      return `must be a valid ${String(params.format)}`;
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a known field";
    default:
      return error.message ?? "is invalid";
  }
}

function fieldName(error: AjvError): string {
  if (error.keyword === "required") return String(error.params.missingProperty);
  if (error.keyword === "additionalProperties") {
    return String(error.params.additionalProperty);
  }
  return error.instancePath.replace(/^\//, "").replaceAll("/", ".") || "body";
}

/** Maps schema validation failures to one field error per field. */
export function toFieldErrors(validation: readonly AjvError[]): FieldError[] {
  const seen = new Set<string>();
  const fieldErrors: FieldError[] = [];
  for (const error of validation) {
    const field = fieldName(error);
    if (seen.has(field)) continue;
    seen.add(field);
    fieldErrors.push({ field, message: `${field} ${describeRule(error)}.` });
  }
  return fieldErrors;
}

function fromFastifyError(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const fieldErrors = toFieldErrors(error.validation as AjvError[]);
    const detail = fieldErrors
      .map((fieldError) => fieldError.message)
      .join(" ");
    return new AppError("VALIDATION_FAILED", detail, fieldErrors);
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send the request body as application/json.",
      );
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError(
        "PAYLOAD_TOO_LARGE",
        "The request body is larger than the server accepts.",
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new AppError(
        "VALIDATION_FAILED",
        "The request body is not valid JSON.",
      );
  }
  if (error.statusCode === 400 && error instanceof SyntaxError) {
    return new AppError(
      "VALIDATION_FAILED",
      "The request body is not valid JSON.",
    );
  }
  const statusCode = error.statusCode ?? 500;
  if (statusCode >= 400 && statusCode < 500) {
    // Fastify and its plugins only put client-safe text in 4xx errors.
    return new AppError(
      clientErrorCodes[statusCode] ?? "VALIDATION_FAILED",
      error.message,
    );
  }
  return undefined;
}

/** The catalogue code for a 4xx status raised by Fastify or a plugin. */
const clientErrorCodes: Partial<Record<number, ErrorCode>> = {
  400: "VALIDATION_FAILED",
  401: "AUTHENTICATION_REQUIRED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

/** Sends `error` as an RFC 9457 problem document. */
export function sendProblem(
  reply: FastifyReply,
  error: AppError,
): FastifyReply {
  const problem: ProblemDocument = {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    instance: reply.request.url,
    request_id: String(reply.request.id),
  };
  if (error.fieldErrors.length > 0) problem.errors = [...error.fieldErrors];
  return reply
    .code(error.status)
    .type("application/problem+json; charset=utf-8")
    .send(problem);
}

async function problemDetails(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((rawError: FastifyError, request, reply) => {
    const known =
      rawError instanceof AppError ? rawError : fromFastifyError(rawError);
    if (known) {
      request.log.info(
        { code: known.code, status: known.status },
        "request rejected",
      );
      return sendProblem(reply, known);
    }
    request.log.error({ err: rawError }, "request failed");
    return sendProblem(
      reply,
      new AppError(
        "INTERNAL",
        `The server failed to handle this request. Quote request id ${String(request.id)} when reporting it.`,
      ),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new AppError(
        "NOT_FOUND",
        `No route matches ${request.method} ${request.url.split("?")[0] ?? ""}.`,
      ),
    ),
  );
}

export default fp(problemDetails, { name: "problem-details" });

export { errorCatalogue };

/**
 * Writes a problem document straight to a socket, for requests that Node's
 * HTTP parser rejects before Fastify sees them: headers too large (431), a
 * malformed request line or an unknown method (400).
 */
export function writeClientErrorProblem(
  error: Error & { code?: string },
  socket: Duplex,
): void {
  if (!socket.writable) return;
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const detail =
    status === 431
      ? "The request headers are larger than the server accepts."
      : "The request is not valid HTTP.";
  const body = JSON.stringify({
    type: problemType("VALIDATION_FAILED"),
    title: status === 431 ? "Request headers too large" : "Invalid request",
    status,
    detail,
    code: "VALIDATION_FAILED",
  });
  const reason =
    status === 431 ? "Request Header Fields Too Large" : "Bad Request";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      "Content-Type: application/problem+json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}
