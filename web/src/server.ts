// Starts the web: reads the config and listens. Stops cleanly on SIGINT and
// SIGTERM, finishing requests in flight before it exits.
import { buildApp, buildLoggerOptions } from "./app.js";
import { loadWebConfig } from "./config.js";

const config = loadWebConfig();
const app = await buildApp({ config, logger: buildLoggerOptions(config) });

const shutdownGracePeriodMs = 10_000;
let isClosing = false;
async function shutDown(signal: string): Promise<void> {
  if (isClosing) return;
  isClosing = true;
  app.log.info({ signal }, "web stopping");
  // Requests still running after the grace period are cut off, so that a
  // stuck connection cannot keep the process alive.
  setTimeout(() => {
    app.log.warn({ gracePeriodMs: shutdownGracePeriodMs }, "web stop forced");
    process.exit(1);
  }, shutdownGracePeriodMs).unref();
  await app.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutDown("SIGINT"));
process.on("SIGTERM", () => void shutDown("SIGTERM"));

try {
  await app.listen({ host: config.host, port: config.port });
  app.log.info({ apiUrl: config.apiUrl }, "web started");
} catch (error) {
  app.log.error({ err: error }, "web failed to start");
  process.exit(1);
}
