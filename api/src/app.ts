// Builds the API from its dependencies. server.ts only reads the config and
// listens, and tests call buildApp with their own database.
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from "fastify";

import type { ApiConfig } from "./config.js";
import type { DatabaseHandle } from "./db/client.js";
import { categoryRoutes } from "./features/categories/categories.routes.js";
import catalogCache from "./features/products/catalog-cache.js";
import { productRoutes } from "./features/products/products.routes.js";
import { healthRoutes } from "./features/health/health.routes.js";
import { authRoutes, jwksRoutes } from "./features/auth/auth.routes.js";
import { meRoutes } from "./features/me/me.routes.js";
import mail from "./features/mail/mail.plugin.js";
import { devMailboxRoutes } from "./features/mail/mail.routes.js";
import { passwordResetRoutes } from "./features/password-reset/password-reset.routes.js";
import rateLimits from "./features/rate-limits/rate-limits.plugin.js";
import { verificationRoutes } from "./features/verification/verification.routes.js";
import { addressRoutes } from "./features/addresses/addresses.routes.js";
import { cartRoutes } from "./features/carts/carts.routes.js";
import { myCartRoutes } from "./features/carts/my-cart.routes.js";
import { orderRoutes } from "./features/orders/orders.routes.js";
import { shippingRoutes } from "./features/shipping/shipping.routes.js";
import authentication from "./plugins/auth.js";
import { mediaRoutes } from "./features/media/media.routes.js";
import { AppError } from "./errors.js";
import problemDetails, {
  sendProblem,
  writeClientErrorProblem,
} from "./plugins/problem-details.js";
import rejectNul from "./plugins/reject-nul.js";
import requestId, { generateRequestId } from "./plugins/request-id.js";

declare module "fastify" {
  interface FastifyInstance {
    database: DatabaseHandle;
    config: ApiConfig;
  }
}

export interface AppDependencies {
  config: ApiConfig;
  database: DatabaseHandle;
  /** Logger settings; tests pass `false` to keep their output clean. */
  logger?: FastifyServerOptions["logger"];
  /** The current time; tests pass a clock they control to test expiry. */
  now?: () => Date;
}

/** Fields redacted from every log line, wherever they appear. */
export const redactedLogPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.token",
  "*.access_token",
  "*.refresh_token",
  "*.cart_token",
  'req.headers["x-cart-token"]',
  "*.card",
];

export function buildLoggerOptions(
  config: ApiConfig,
): FastifyServerOptions["logger"] {
  return { level: config.logLevel, redact: redactedLogPaths };
}

/** Builds the Fastify instance of the API, ready to listen or to `inject`. */
export async function buildApp(
  dependencies: AppDependencies,
): Promise<FastifyInstance> {
  const { config, database } = dependencies;
  const app = Fastify({
    logger: dependencies.logger ?? buildLoggerOptions(config),
    genReqId: generateRequestId,
    logController: new LogController({ requestIdLogLabel: "requestId" }),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    // Long enough that an over-long slug reaches the route schema, which
    // names the parameter in its 400 answer.
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: (error, _request, reply) => {
      void sendProblem(
        reply,
        new AppError(
          "VALIDATION_FAILED",
          error.code === "FST_ERR_MAX_PARAM_LENGTH"
            ? "A path parameter is longer than the server accepts."
            : "The request path is not a valid URL: check its percent-encoding.",
        ),
      );
    },
    clientErrorHandler: writeClientErrorProblem,
    ajv: {
      customOptions: {
        coerceTypes: "array",
        removeAdditional: true,
        allErrors: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate("config", config);
  app.decorate("database", database);
  await app.register(requestId);
  await app.register(problemDetails);
  await app.register(rejectNul);
  await app.register(authentication, {
    now: dependencies.now ?? (() => new Date()),
  });
  await app.register(catalogCache);
  await app.register(mail);
  await app.register(rateLimits);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Bazaar API",
        version: "1.0.0",
        description:
          "The REST API of the Bazaar shop. Errors are RFC 9457 problem documents; money is an integer in minor units with an ISO 4217 currency code.",
      },
      servers: [{ url: "/" }],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        },
      },
    },
    // Schemas with an $id become components named by it, so the generated
    // client types read `components["schemas"]["ProductDetail"]`.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json.$id === "string" ? json.$id : `def-${index}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  await app.register(healthRoutes);
  await app.register(jwksRoutes);
  await app.register(mediaRoutes);
  await app.register(
    async (v1) => {
      v1.get("/openapi.json", { schema: { hide: true } }, async () =>
        app.swagger(),
      );
      await v1.register(healthRoutes);
      await v1.register(categoryRoutes);
      await v1.register(productRoutes);
      await v1.register(authRoutes);
      await v1.register(verificationRoutes);
      await v1.register(passwordResetRoutes);
      await v1.register(devMailboxRoutes);
      await v1.register(meRoutes);
      await v1.register(addressRoutes);
      await v1.register(shippingRoutes);
      await v1.register(cartRoutes);
      await v1.register(myCartRoutes);
      await v1.register(orderRoutes);
    },
    { prefix: "/api/v1" },
  );

  return app;
}
