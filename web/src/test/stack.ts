// Starts a real API and a real web process for one test file, on free ports
// of 127.0.0.1 with a fresh embedded database in a temporary folder, and
// stops both when the file ends. The processes run from the repository root
// as `npm start` runs them, and nothing from api/ is imported.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";

/** The repository root, where `node --import tsx` finds its loader. */
const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../..",
);

/** Limit for each start-up step, well above the usual 10-20 s of both. */
const startTimeoutMs = 90_000;
/** Output kept per process for failure messages. */
const maxLogChars = 20_000;

export interface StackOptions {
  /** Product objects to import instead of the demo catalog. */
  catalog?: readonly Record<string, unknown>[];
  /** Extra environment for the web process. */
  webEnv?: Record<string, string>;
  /** Extra environment for the API process, such as token lifetimes. */
  apiEnv?: Record<string, string>;
}

export interface Stack {
  apiUrl: string;
  webUrl: string;
  /** Fetches `pathAndQuery` from the web without following redirects. */
  get(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** The stdout and stderr of both processes, for assertion messages. */
  logs(): string;
  /** The running programs, for tests that send them signals. */
  apiProcess: ChildProcess;
  webProcess: ChildProcess;
}

export interface WebProcess {
  webUrl: string;
  get(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  logs(): string;
}

/** Returns a TCP port that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

type Cleanup = () => Promise<void>;

const cleanups: Cleanup[] = [];

/**
 * Queues `cleanup` for the end of the test file. The cleanups run last-in,
 * first-out, so processes stop before their data folder is removed.
 */
function deferCleanup(cleanup: Cleanup): void {
  if (cleanups.length === 0) {
    after(async () => {
      for (const next of cleanups.splice(0).reverse()) await next();
    });
  }
  cleanups.push(cleanup);
}

interface RunningProcess {
  child: ChildProcess;
  output: () => string;
}

function baseEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // An empty DATABASE_URL means the embedded database, and it wins over
    // any value in the repository's .env file.
    DATABASE_URL: "",
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    ...extra,
  };
}

function startProcess(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): RunningProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: repositoryRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-maxLogChars);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => `--- ${name} ---\n${output}` };
}

/** Runs a command-line tool to completion; throws with its output on failure. */
async function runTool(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const tool = startProcess(name, args, env);
  const exitCode = await new Promise<number | null>((resolve) =>
    tool.child.once("exit", resolve),
  );
  if (exitCode !== 0) {
    throw new Error(`${name} exited with ${exitCode}\n${tool.output()}`);
  }
}

async function stopProcess(running: RunningProcess): Promise<void> {
  const { child } = running;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => resolve()),
  );
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until its response passes `isReady`, a process exits or time runs out. */
async function waitFor(
  url: string,
  processes: readonly RunningProcess[],
  isReady: (response: Response) => boolean,
): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  const outputs = (): string =>
    processes.map((running) => running.output()).join("\n");
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    const exited = processes.find((running) => running.child.exitCode !== null);
    if (exited !== undefined) {
      throw new Error(
        `process exited with ${exited.child.exitCode} before ${url} was ready\n${outputs()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (isReady(response)) return;
      lastProblem = `status ${response.status}`;
    } catch (error) {
      lastProblem = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(
    `${url} not ready after ${startTimeoutMs} ms (${lastProblem})\n${outputs()}`,
  );
}

function buildGet(
  baseUrl: string,
): (pathAndQuery: string, init?: RequestInit) => Promise<Response> {
  return (pathAndQuery, init) =>
    fetch(`${baseUrl}${pathAndQuery}`, { redirect: "manual", ...init });
}

/**
 * Starts a web process whose API is at `apiUrl`, waits for its /healthz and
 * stops it at the end of the test file. Call it at the top level of the file.
 * Without BAZAAR_DATA_DIR in `env`, the web gets a temporary data folder for
 * its generated session key; without WEB_PORT, a free port.
 */
export async function startWeb(
  apiUrl: string,
  env: Record<string, string> = {},
): Promise<WebProcess & { stop: Cleanup; process: RunningProcess }> {
  const port =
    env.WEB_PORT === undefined ? await findFreePort() : Number(env.WEB_PORT);
  let dataDir = env.BAZAAR_DATA_DIR;
  if (dataDir === undefined) {
    const folder = await mkdtemp(path.join(tmpdir(), "bazaar-web-data-"));
    deferCleanup(() => rm(folder, { recursive: true, force: true }));
    dataDir = folder;
  }
  const web = startProcess(
    "web",
    ["web/src/server.ts"],
    baseEnvironment({
      WEB_PORT: String(port),
      API_URL: apiUrl,
      BAZAAR_DATA_DIR: dataDir,
      ...env,
    }),
  );
  const stop = (): Promise<void> => stopProcess(web);
  deferCleanup(stop);
  const webUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${webUrl}/healthz`, [web], (response) => response.ok);
  return {
    webUrl,
    get: buildGet(webUrl),
    logs: () => web.output(),
    stop,
    process: web,
  };
}

/**
 * Sets up a database (the demo catalog, or `options.catalog` imported from a
 * JSON file), starts the API and the web on it, and waits until the web's
 * home page renders. Both processes and the folder go away at the end of the
 * test file. Call it at the top level of the file.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "bazaar-web-test-"));
  deferCleanup(() => rm(dataDir, { recursive: true, force: true }));
  const apiPort = await findFreePort();
  const apiEnv = baseEnvironment({
    BAZAAR_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    CATALOG_CACHE_TTL_MS: "0",
    ...options.apiEnv,
  });

  if (options.catalog === undefined) {
    await runTool("db-setup", ["api/src/cli/db-setup.ts"], apiEnv);
  } else {
    const file = path.join(dataDir, "catalog.json");
    await writeFile(file, JSON.stringify(options.catalog));
    await runTool("db-setup", ["api/src/cli/db-setup.ts", "--no-demo"], apiEnv);
    await runTool(
      "catalog-import",
      ["api/src/cli/catalog-import.ts", file],
      apiEnv,
    );
  }

  const api = startProcess("api", ["api/src/server.ts"], apiEnv);
  deferCleanup(() => stopProcess(api));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitFor(`${apiUrl}/readyz`, [api], (response) => response.ok);

  const web = await startWeb(apiUrl, {
    BAZAAR_DATA_DIR: dataDir,
    ...options.webEnv,
  });
  await waitFor(
    `${web.webUrl}/`,
    [api, web.process],
    (response) => response.status === 200,
  );
  return {
    apiUrl,
    webUrl: web.webUrl,
    get: (pathAndQuery, init) => web.get(pathAndQuery, init),
    logs: () => `${api.output()}\n${web.logs()}`,
    apiProcess: api.child,
    webProcess: web.process.child,
  };
}
