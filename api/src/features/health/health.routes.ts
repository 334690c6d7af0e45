import { Type } from "@sinclair/typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

import { AppError } from "../../errors.js";

const HealthStatus = Type.Object({
  status: Type.Literal("ok", {
    description: "Always `ok` when the check passes.",
  }),
});

/** Liveness and readiness probes for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/healthz",
    {
      schema: {
        tags: ["health"],
        summary: "Liveness: the process is up",
        response: { 200: HealthStatus },
      },
      logLevel: "warn",
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      schema: {
        tags: ["health"],
        summary: "Readiness: the database responds",
        response: { 200: HealthStatus },
      },
      logLevel: "warn",
    },
    async () => {
      if (!(await app.database.ping())) {
        throw new AppError(
          "SERVICE_UNAVAILABLE",
          "The database is not reachable.",
        );
      }
      return { status: "ok" as const };
    },
  );
};
