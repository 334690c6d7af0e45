// A failed Drizzle query carries the SQL text and every parameter in its
// message. Import reports and the command's output show only the database's
// own one-line message, because the parameters contain whole rows of the file
// and the SQL means nothing to the person importing it.
import { DrizzleQueryError } from "drizzle-orm";

const maxMessageLength = 200;

/**
 * Returns the database's one-line message for `error` (for example
 * `invalid byte sequence for encoding "UTF8": 0x00`), without the query or
 * its parameters, or a generic line when the error carries no such message.
 */
export function describeDatabaseError(error: unknown): string {
  let cause = error;
  while (cause instanceof DrizzleQueryError) cause = cause.cause;
  if (!(cause instanceof Error)) return "unknown database error";

  const [firstLine = ""] = cause.message.split("\n");
  const message = firstLine.trim();
  if (message === "" || message.startsWith("Failed query")) {
    return "unknown database error";
  }
  if (message.length <= maxMessageLength) return message;
  return `${message.slice(0, maxMessageLength - 1)}…`;
}
