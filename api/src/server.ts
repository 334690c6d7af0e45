// Starts the API: reads the config, opens the database and listens. Stops
// cleanly on SIGINT and SIGTERM, closing the server before the database.
import path from "node:path";

import { buildApp, buildLoggerOptions } from "./app.js";
import { loadApiConfig } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/client.js";
import { EmbeddedDatabaseLockedError } from "./db/lock.js";

const config = loadApiConfig();

let database: DatabaseHandle;
try {
  database = await openDatabase({
    databaseUrl: config.databaseUrl,
    embeddedDir: path.join(config.dataDir, "pglite"),
  });
} catch (error) {
  if (error instanceof EmbeddedDatabaseLockedError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp({
  config,
  database,
  logger: buildLoggerOptions(config),
});

const shutdownGracePeriodMs = 10_000;
let isClosing = false;
async function shutDown(signal: string): Promise<void> {
  if (isClosing) return;
  isClosing = true;
  app.log.info({ signal }, "api stopping");
  // Requests still running after the grace period are cut off, so that a
  // stuck connection cannot keep the process alive.
  setTimeout(() => {
    app.log.warn({ gracePeriodMs: shutdownGracePeriodMs }, "api stop forced");
    process.exit(1);
  }, shutdownGracePeriodMs).unref();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutDown("SIGINT"));
process.on("SIGTERM", () => void shutDown("SIGTERM"));

try {
  await app.listen({ host: config.host, port: config.port });
  app.log.info({ databaseMode: database.mode }, "api started");
} catch (error) {
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    process.stderr.write(
      `API_PORT ${config.port} is already in use on ${config.host}: stop the program using it or choose another port with API_PORT.\n`,
    );
    await database.close();
    process.exit(1);
  }
  app.log.error({ err: error }, "api failed to start");
  await database.close();
  process.exit(1);
}
