// Builds the web from its dependencies. server.ts only reads the config and
// listens, and tests start the real server against a real API.
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import view from "@fastify/view";
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from "fastify";
import nunjucks, { type Environment } from "nunjucks";

import {
  createAccountSettingsApi,
  type AccountSettingsApi,
} from "./api/account-settings.js";
import { createAccountsApi, type AccountsApi } from "./api/accounts.js";
import { createCartsApi, type CartsApi } from "./api/carts.js";
import { createCatalogApi, type CatalogApi } from "./api/catalog.js";
import {
  createApiConnection,
  shopperContext,
  type ApiConnection,
} from "./api/client.js";
import { createOrdersApi, type OrdersApi } from "./api/orders.js";
import type { WebConfig } from "./config.js";
import { PageError } from "./errors.js";
import { serializeRequest } from "./log-serializers.js";
import { accountRoutes } from "./pages/account/account.routes.js";
import { addressRoutes } from "./pages/account/addresses.routes.js";
import { authRoutes } from "./pages/account/auth.routes.js";
import { passwordResetRoutes } from "./pages/account/password-reset.routes.js";
import { profileRoutes } from "./pages/account/profile.routes.js";
import { verificationRoutes } from "./pages/account/verification.routes.js";
import { cartRoutes } from "./pages/cart/cart.routes.js";
import { catalogRoutes } from "./pages/catalog/catalog.routes.js";
import { checkoutRoutes } from "./pages/checkout/checkout.routes.js";
import { placeOrderRoutes } from "./pages/checkout/place-order.routes.js";
import {
  devMailboxPath,
  devMailboxRoutes,
} from "./pages/dev/mailbox.routes.js";
import { mediaRoutes } from "./pages/media/media.routes.js";
import { orderRoutes } from "./pages/orders/orders.routes.js";
import { handleClientError } from "./plugins/client-errors.js";
import { registerConnectionDraining } from "./plugins/connection-draining.js";
import { registerControlCharacterCheck } from "./plugins/control-characters.js";
import { registerErrorPages, sendErrorPage } from "./plugins/error-pages.js";
import { registerMethodNotAllowed } from "./plugins/method-not-allowed.js";
import {
  createSessionEndedRedirect,
  registerSession,
} from "./plugins/session.js";
import { generateRequestId } from "./request-id.js";
import {
  assetPrefix,
  computeAssetVersion,
  configureTemplates,
  publicDir,
  viewsDir,
} from "./views.js";

declare module "fastify" {
  interface FastifyInstance {
    config: WebConfig;
    /** The keep-alive connection pool to the API. */
    apiConnection: ApiConnection;
    catalog: CatalogApi;
    accounts: AccountsApi;
    accountSettings: AccountSettingsApi;
    carts: CartsApi;
    orders: OrdersApi;
  }
}

export interface AppDependencies {
  config: WebConfig;
  /** Logger settings; tests pass `false` to keep their output clean. */
  logger?: FastifyServerOptions["logger"];
}

/** How long the category navigation is reused between pages. */
const categoryTreeTtlMs = 5_000;

/** Fields redacted from every log line. */
export const redactedLogPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
];

export function buildLoggerOptions(
  config: WebConfig,
): FastifyServerOptions["logger"] {
  return {
    level: config.logLevel,
    redact: redactedLogPaths,
    serializers: { req: serializeRequest },
  };
}

/** Content-Security-Policy: no inline script or style, nothing from afar. */
const contentSecurityDirectives = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  styleSrc: ["'self'"],
  scriptSrc: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
};

/** Builds the Fastify instance of the web, ready to listen or to `inject`. */
export async function buildApp(
  dependencies: AppDependencies,
): Promise<FastifyInstance> {
  const { config } = dependencies;
  const isProduction = config.nodeEnv === "production";
  const app: FastifyInstance = Fastify({
    logger: dependencies.logger ?? buildLoggerOptions(config),
    genReqId: generateRequestId,
    trustProxy: config.trustProxy,
    logController: new LogController({ requestIdLogLabel: "requestId" }),
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Oversized or malformed requests that Node rejects get a short HTML
    // page instead of Fastify's JSON response.
    clientErrorHandler: handleClientError,
    // Malformed URLs (such as a bad percent-encoding) get the HTML 400 page
    // instead of Fastify's JSON response.
    frameworkErrors: (error, request, reply) => {
      void sendErrorPage(
        app,
        request,
        reply,
        new PageError("BAD_REQUEST", "The address is not valid.", {
          cause: error,
        }),
      );
    },
  });

  const connection = createApiConnection(config);
  app.decorate("config", config);
  app.decorate("apiConnection", connection);
  app.decorate("catalog", createCatalogApi(connection, { categoryTreeTtlMs }));
  app.decorate("accounts", createAccountsApi(connection));
  app.decorate("accountSettings", createAccountSettingsApi(connection));
  app.decorate("carts", createCartsApi(connection));
  app.decorate("orders", createOrdersApi(connection));
  app.addHook("onClose", async () => connection.close());
  // Every API call made while serving this request forwards the shopper's
  // address, so the API's per-address rate limits count shoppers, not the web.
  app.addHook("onRequest", (request, _reply, done) => {
    shopperContext.run({ address: request.ip }, done);
  });
  registerConnectionDraining(app);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: contentSecurityDirectives,
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    // HSTS only means something over HTTPS, which production terminates.
    strictTransportSecurity: isProduction,
  });
  // After helmet, so that the error pages these checks send carry the
  // security headers; before the session, so that they run ahead of CSRF.
  registerMethodNotAllowed(app);
  registerControlCharacterCheck(app);
  await app.register(formbody);
  await registerSession(app, { config, accounts: app.accounts });

  const assetVersion = computeAssetVersion();
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: assetPrefix(assetVersion),
    index: false,
    // The version in the URL changes with the content, so production lets
    // browsers keep a file for a year; development always revalidates.
    immutable: isProduction,
    maxAge: isProduction ? "365d" : 0,
  });
  await app.register(view, {
    engine: { nunjucks },
    root: viewsDir,
    production: isProduction,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
      noCache: !isProduction,
      onConfigure: (env: Environment) => {
        configureTemplates(env, { assetVersion });
        // The footer links the development mailbox wherever it exists.
        if (!isProduction) env.addGlobal("devMailboxUrl", devMailboxPath);
      },
    },
  });

  registerErrorPages(app, {
    onSessionEnded: createSessionEndedRedirect(config),
  });
  app.get("/healthz", { logLevel: "warn" }, async (_request, reply) =>
    reply.type("text/plain; charset=utf-8").send("ok"),
  );
  await app.register(catalogRoutes);
  await app.register(cartRoutes);
  await app.register(checkoutRoutes);
  await app.register(placeOrderRoutes);
  await app.register(orderRoutes);
  await app.register(authRoutes);
  await app.register(accountRoutes);
  await app.register(profileRoutes);
  await app.register(addressRoutes);
  await app.register(verificationRoutes);
  await app.register(passwordResetRoutes);
  if (!isProduction) await app.register(devMailboxRoutes);
  await app.register(mediaRoutes);

  return app;
}
