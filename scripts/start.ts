// `npm start`: prepares the database (migrations, and the demo catalog when
// it is empty), then runs the API and the web as two processes and prints
// their addresses. Ctrl-C stops both. Each program validates its own
// settings; this script reads the same variables only to print the URLs.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const startupTimeoutMs = 60_000;

if (existsSync(path.join(root, ".env"))) {
  process.loadEnvFile(path.join(root, ".env"));
}

function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

const host = displayHost(process.env.HOST || "127.0.0.1");
const apiUrl = `http://${host}:${process.env.API_PORT || "8001"}`;
const webUrl = `http://${host}:${process.env.WEB_PORT || "8000"}`;

function runSetup(): void {
  const setup = spawnSync(
    process.execPath,
    ["--import", "tsx", "api/src/cli/db-setup.ts"],
    { cwd: root, stdio: "inherit" },
  );
  if (setup.status !== 0) {
    process.stderr.write("Database setup failed; the shop was not started.\n");
    process.exit(setup.status ?? 1);
  }
}

function startProgram(name: string, entry: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: root,
    stdio: "inherit",
    // The web finds the API, and the API's emailed links find the web, on
    // the ports chosen above unless the user set the addresses explicitly.
    env: {
      ...process.env,
      API_URL: process.env.API_URL || apiUrl,
      WEB_PUBLIC_URL: process.env.WEB_PUBLIC_URL || webUrl,
    },
  });
  child.on("exit", (code, signal) => {
    if (isStopping) return;
    process.stderr.write(
      `The ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the shop.\n`,
    );
    void stopAll(1);
  });
  return child;
}

async function waitForUrl(url: string): Promise<boolean> {
  const deadline = Date.now() + startupTimeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

let isStopping = false;
const children: ChildProcess[] = [];

async function stopAll(exitCode: number): Promise<void> {
  isStopping = true;
  const exits = children
    .filter((child) => child.exitCode === null && child.signalCode === null)
    .map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    );
  await Promise.all(exits);
  process.exit(exitCode);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

// npm runs this script through `sh -c`, and the shell exits on SIGTERM
// without passing it on. A process manager that stops npm would then leave
// both programs running, so they also stop when this script's parent exits.
const parentId = process.ppid;
setInterval(() => {
  if (!isStopping && process.ppid !== parentId) void stopAll(0);
}, 1000).unref();

runSetup();
children.push(startProgram("API", "api/src/server.ts"));
children.push(startProgram("web", "web/src/server.ts"));

const isReady =
  (await waitForUrl(`${apiUrl}/readyz`)) && (await waitForUrl(`${webUrl}/`));
if (!isReady && !isStopping) {
  process.stderr.write(
    `The shop did not answer within ${startupTimeoutMs / 1000} s; stopping it.\n`,
  );
  await stopAll(1);
}
if (!isStopping) {
  process.stdout.write(
    [
      "",
      "Bazaar is running:",
      `  storefront  ${webUrl}/`,
      `  API         ${apiUrl}/api/v1/products`,
      `  API docs    ${apiUrl}/api/docs`,
      "Press Ctrl-C to stop both programs.",
      "",
    ].join("\n"),
  );
}
