// Measures catalog read throughput side by side in one run: a bare Node
// server returning a precomputed copy of the product list (the ceiling), the
// API's anonymous reads (served from its short cache), reads that bypass the
// cache as an authenticated client's do, search, and the storefront's pages.
//
// autocannon runs as a separate process, because load generated inside the
// server's process would halve the figures.
//
//   npm run bench                      embedded database (PGlite)
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
//
// With BENCH_DATABASE_URL the script creates a scratch database on that server
// and drops it at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? "10");
const connections = Number(process.env.BENCH_CONNECTIONS ?? "50");
const serverUrl = process.env.BENCH_DATABASE_URL;

interface Scenario {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

interface Result {
  name: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForUrl(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not respond within 60 s`);
}

async function runAdminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function startProcess(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function runAutocannon(scenario: Scenario): Result {
  const headerArguments = Object.entries(scenario.headers ?? {}).flatMap(
    ([name, value]) => ["-H", `${name}=${value}`],
  );
  const run = spawnSync(
    path.join(root, "node_modules/.bin/autocannon"),
    [
      "--json",
      "-c",
      String(connections),
      "-d",
      String(durationSeconds),
      ...headerArguments,
      scenario.url,
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    throw new Error(`autocannon failed for ${scenario.name}: ${run.stderr}`);
  }
  const report = JSON.parse(run.stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
  };
  return {
    name: scenario.name,
    requestsPerSecond: Math.round(report.requests.average),
    latencyP50Ms: report.latency.p50,
    latencyP99Ms: report.latency.p99,
    non2xx: report.non2xx,
  };
}

/**
 * Starts the ceiling: a bare Node server in its own process that returns
 * `body` to every request. It cannot run in this process, because the
 * benchmark blocks this event loop while autocannon runs.
 */
function startBaseline(bodyFile: string, port: number): ChildProcess {
  const program = `
    const body = require("node:fs").readFileSync(${JSON.stringify(bodyFile)});
    require("node:http")
      .createServer((request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(body);
      })
      .listen(${port}, "127.0.0.1");`;
  return spawn(process.execPath, ["-e", program], { stdio: "inherit" });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-bench-"));
  const databaseName = `bazaar_bench_${process.pid}`;
  const environment: NodeJS.ProcessEnv = { BAZAAR_DATA_DIR: dataDir };
  if (serverUrl) {
    await runAdminQuery(`CREATE DATABASE ${databaseName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    environment.DATABASE_URL = url.toString();
  }
  const children: ChildProcess[] = [];

  try {
    const setup = spawnSync(
      process.execPath,
      ["--import", "tsx", "api/src/cli/db-setup.ts"],
      { cwd: root, env: { ...process.env, ...environment }, stdio: "inherit" },
    );
    if (setup.status !== 0) throw new Error("database setup failed");

    const apiPort = await freePort();
    const webPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    children.push(
      startProcess("api/src/server.ts", {
        ...environment,
        API_PORT: String(apiPort),
      }),
      startProcess("web/src/server.ts", {
        ...environment,
        WEB_PORT: String(webPort),
        API_URL: apiUrl,
      }),
    );
    await waitForUrl(`${apiUrl}/readyz`);
    await waitForUrl(`${webUrl}/`);

    const listUrl = `${apiUrl}/api/v1/products?page_size=20`;
    const listBody = await (await fetch(listUrl)).text();
    const bodyFile = path.join(dataDir, "product-list.json");
    writeFileSync(bodyFile, listBody);
    const baselinePort = await freePort();
    children.push(startBaseline(bodyFile, baselinePort));
    await waitForUrl(`http://127.0.0.1:${baselinePort}/`);

    const scenarios: Scenario[] = [
      {
        name: "bare Node, precomputed list",
        url: `http://127.0.0.1:${baselinePort}/`,
      },
      { name: "API list, anonymous (cached)", url: listUrl },
      {
        name: "API list, bypassing the cache",
        url: listUrl,
        headers: { authorization: "Bearer benchmark" },
      },
      { name: "API search q=mug", url: `${apiUrl}/api/v1/products?q=mug` },
      {
        name: "API product detail",
        url: `${apiUrl}/api/v1/products/${(JSON.parse(listBody) as { results: { slug: string }[] }).results[0]?.slug ?? ""}`,
      },
      { name: "web home page", url: `${webUrl}/` },
    ];

    const results = scenarios.map(runAutocannon);
    const mode = serverUrl ? "PostgreSQL" : "PGlite";
    process.stdout.write(
      `\n${mode}, ${connections} connections, ${durationSeconds} s each, ${os.cpus().length} cores\n\n` +
        "| scenario | requests/s | p50 ms | p99 ms | non-2xx |\n| --- | ---: | ---: | ---: | ---: |\n" +
        results
          .map(
            (result) =>
              `| ${result.name} | ${result.requestsPerSecond} | ${result.latencyP50Ms} | ${result.latencyP99Ms} | ${result.non2xx} |`,
          )
          .join("\n") +
        "\n",
    );
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    if (serverUrl) {
      await runAdminQuery(
        `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`,
      );
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
