// The running web process: how it stops on a signal and how it responds
// to requests that no page handles. A real API on an embedded database and a
// real web process, both started for this file.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { describe, test } from "node:test";

import { startStack, startWeb } from "./test/stack.js";

/** The time a stop may take: a request, closing, and the process exit. */
const maxStopMs = 3_000;

const [stack, stackToStop] = await Promise.all([startStack(), startStack()]);

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Opens a connection that sends no request, as browsers open spare ones. */
async function openSpareConnection(url: string): Promise<Socket> {
  const socket = connect(portOf(url), "127.0.0.1");
  await once(socket, "connect");
  // The web closes the socket when it stops; that is not an error here.
  socket.on("error", () => undefined);
  return socket;
}

/** Sends `request` as raw bytes and returns everything the web sends back. */
async function sendRaw(url: string, request: string): Promise<string> {
  const socket = connect(portOf(url), "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  // The web may reset the connection while the request is still arriving.
  socket.on("error", () => undefined);
  socket.write(request);
  await once(socket, "close");
  return Buffer.concat(chunks).toString("utf8");
}

/** Sends SIGINT to `child` and returns its exit code and the time taken. */
async function interrupt(
  child: ChildProcess,
): Promise<{ exitCode: number | null; durationMs: number }> {
  const exited = once(child, "exit");
  const startedAt = performance.now();
  child.kill("SIGINT");
  const [exitCode] = (await exited) as [number | null];
  return { exitCode, durationMs: performance.now() - startedAt };
}

describe("shutdown", () => {
  test("stops quickly after a search page", async () => {
    const web = await startWeb(stack.apiUrl);
    const spare = await openSpareConnection(web.webUrl);
    const page = await web.get("/search?q=xyzzy");
    await page.text();

    const { exitCode, durationMs } = await interrupt(web.process.child);
    spare.destroy();

    assert.equal(page.status, 200, web.logs());
    assert.equal(exitCode, 0, web.logs());
    assert.ok(durationMs < maxStopMs, `stopped after ${durationMs} ms`);
  });

  test("stops quickly while the API stops", async () => {
    const spare = await openSpareConnection(stackToStop.webUrl);
    const page = await stackToStop.get("/search?q=xyzzy");
    await page.text();

    const apiExited = once(stackToStop.apiProcess, "exit");
    stackToStop.apiProcess.kill("SIGINT");
    const { exitCode, durationMs } = await interrupt(stackToStop.webProcess);
    await apiExited;
    spare.destroy();

    assert.equal(page.status, 200, stackToStop.logs());
    assert.equal(exitCode, 0, stackToStop.logs());
    assert.ok(durationMs < maxStopMs, `stopped after ${durationMs} ms`);
  });
});

describe("requests Node rejects", () => {
  test("answers an oversized path with HTML 431", async () => {
    const path = `/c/${"a".repeat(100_000)}`;

    const response = await sendRaw(
      stack.webUrl,
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );

    assert.match(response, /^HTTP\/1\.1 431 /);
    assert.match(response, /\r\nContent-Type: text\/html; charset=utf-8\r\n/);
    assert.match(response, /\r\nConnection: close\r\n/);
    assert.match(response, /<!doctype html>/);
  });

  test("answers a malformed header with HTML 400", async () => {
    const response = await sendRaw(
      stack.webUrl,
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n",
    );

    assert.match(response, /^HTTP\/1\.1 400 /);
    assert.match(response, /\r\nContent-Type: text\/html; charset=utf-8\r\n/);
    assert.match(response, /<!doctype html>/);
  });

  test("answers a bad percent-encoding with HTML 400", async () => {
    const response = await stack.get("/c/%E0%A4%A");
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html, /<!doctype html>/);
  });
});

describe("unsupported methods", () => {
  test("answers POST / with 405", async () => {
    const response = await stack.get("/", { method: "POST" });
    const html = await response.text();

    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "GET, HEAD");
    assert.match(html, /This page does not accept that kind of request/);
  });

  test("sends security headers with 405", async () => {
    const response = await stack.get("/", { method: "POST" });
    await response.text();

    assert.match(
      response.headers.get("content-security-policy") ?? "",
      /frame-ancestors 'none'/,
    );
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  });

  test("answers DELETE on a product with 405", async () => {
    const response = await stack.get("/p/any-product", { method: "DELETE" });
    await response.text();

    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "GET, HEAD");
  });

  test("answers GET on a form action with 405", async () => {
    const response = await stack.get("/account/devices/sign-out-everywhere");
    await response.text();

    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "POST");
  });

  test("keeps HEAD on pages", async () => {
    const response = await stack.get("/search?q=mug", { method: "HEAD" });

    assert.equal(response.status, 200);
  });

  test("keeps form POST routes", async () => {
    // Without a CSRF token the sign-in route itself rejects the form.
    const response = await stack.get("/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40example.com&password=x",
    });
    await response.text();

    assert.equal(response.status, 403);
  });

  test("keeps 404 for unknown paths", async () => {
    const response = await stack.get("/no-such-page", { method: "DELETE" });
    await response.text();

    assert.notEqual(response.status, 405);
  });
});

describe("control characters", () => {
  test("returns 404 for NUL in a slug", async () => {
    for (const path of ["/p/%00", "/c/%00", "/p/mug%00", "/media/%00.svg"]) {
      const response = await stack.get(path);
      await response.text();

      assert.equal(response.status, 404, path);
    }
  });

  test("returns 400 for NUL in search", async () => {
    const response = await stack.get("/search?q=%00");
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /Search must not contain control characters/);
  });

  test("returns 400 for NUL in a filter", async () => {
    const response = await stack.get("/c/apparel?sort=name%00");
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /Sort order must not contain control characters/);
  });
});
