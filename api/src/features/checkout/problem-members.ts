// Adds the extension members of an AppErrorWithMembers (such as `available`
// on INSUFFICIENT_STOCK or `total` on TOTAL_CHANGED) to the problem document
// that the shared error handler sends. The handler writes only the standard
// members, so this merges the others into its serialised body afterwards.
// AppErrorWithMembers rejects a member named like a standard one (such as
// `status`), so no member can hide one.
import type { FastifyInstance, FastifyRequest } from "fastify";

import { AppErrorWithMembers } from "../../errors.js";

const membersByRequest = new WeakMap<
  FastifyRequest,
  Readonly<Record<string, unknown>>
>();

/** Adds the hooks to every route of `app`'s encapsulation context. */
export function useProblemMembers(app: FastifyInstance): void {
  app.addHook("onError", async (request, _reply, error) => {
    if (error instanceof AppErrorWithMembers) {
      membersByRequest.set(request, error.members);
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const members = membersByRequest.get(request);
    if (!members || typeof payload !== "string") return payload;
    const contentType = String(reply.getHeader("content-type") ?? "");
    if (!contentType.startsWith("application/problem+json")) return payload;
    const problem = JSON.parse(payload) as Record<string, unknown>;
    return JSON.stringify({ ...members, ...problem });
  });
}
