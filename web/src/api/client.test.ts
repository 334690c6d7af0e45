import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";

import { PageError } from "../errors.js";
import {
  createApiConnection,
  isApiUnreachable,
  pageErrorFromResponse,
  readApiData,
  shopperContext,
} from "./client.js";

function problem(status: number, extra: Record<string, unknown> = {}): object {
  return {
    type: "/problems/x",
    title: "x",
    status,
    detail: `detail ${status}`,
    code: "X",
    instance: "/",
    request_id: "r",
    ...extra,
  };
}

describe("pageErrorFromResponse", () => {
  test("maps 404 to not found", () => {
    const error = pageErrorFromResponse(404, problem(404));

    assert.equal(error.code, "NOT_FOUND");
    assert.equal(error.detail, "detail 404");
  });

  test("maps 400 with field errors", () => {
    const errors = [{ field: "min_price", message: "must be at least 0" }];

    const error = pageErrorFromResponse(400, problem(400, { errors }));

    assert.equal(error.code, "BAD_REQUEST");
    assert.deepEqual(error.fieldErrors, errors);
  });

  test("maps 5xx and 429 to unavailable", () => {
    assert.equal(pageErrorFromResponse(500, "").code, "SERVICE_UNAVAILABLE");
    assert.equal(
      pageErrorFromResponse(503, problem(503)).code,
      "SERVICE_UNAVAILABLE",
    );
    assert.equal(
      pageErrorFromResponse(429, problem(429)).code,
      "SERVICE_UNAVAILABLE",
    );
  });

  test("maps other statuses to internal", () => {
    assert.equal(pageErrorFromResponse(401, problem(401)).code, "INTERNAL");
  });
});

describe("isApiUnreachable", () => {
  test("recognises network failures", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), {
      code: "ECONNREFUSED",
    });
    const timeout = new DOMException("timed out", "TimeoutError");

    assert.equal(isApiUnreachable(new TypeError("fetch failed")), true);
    assert.equal(isApiUnreachable(refused), true);
    assert.equal(isApiUnreachable(timeout), true);
  });

  test("ignores programming errors", () => {
    assert.equal(isApiUnreachable(new TypeError("x is not a function")), false);
    assert.equal(isApiUnreachable(new SyntaxError("Unexpected token")), false);
    assert.equal(isApiUnreachable("text"), false);
  });
});

describe("readApiData", () => {
  test("returns the data of a success", async () => {
    const data = await readApiData(
      Promise.resolve({ data: { ok: 1 }, response: new Response("{}") }),
    );

    assert.deepEqual(data, { ok: 1 });
  });

  test("throws unavailable when fetch fails", async () => {
    await assert.rejects(
      readApiData(Promise.reject(new TypeError("fetch failed"))),
      (error) =>
        error instanceof PageError && error.code === "SERVICE_UNAVAILABLE",
    );
  });

  test("throws the page error of a problem", async () => {
    const response = new Response("{}", { status: 404 });

    await assert.rejects(
      readApiData(Promise.resolve({ error: problem(404), response })),
      (error) => error instanceof PageError && error.status === 404,
    );
  });
});

describe("createApiConnection", () => {
  test("forwards the shopper's address", async (t) => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers["x-forwarded-for"] as string | undefined);
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"results":[]}');
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const { port } = server.address() as AddressInfo;
    const connection = createApiConnection({
      apiUrl: `http://127.0.0.1:${port}`,
      apiTimeoutMs: 2000,
    });
    t.after(async () => {
      await connection.close();
      server.close();
    });

    await shopperContext.run({ address: "203.0.113.9" }, () =>
      connection.clientFor("request-1").GET("/api/v1/categories"),
    );
    await connection.clientFor("request-2").GET("/api/v1/categories");

    assert.deepEqual(seen, ["203.0.113.9", undefined]);
  });
});
