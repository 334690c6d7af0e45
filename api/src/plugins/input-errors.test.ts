// Odd input anywhere in a request gets a 400 problem document, never a 500
// and never Fastify's own JSON error shape.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../db/client.js";
import { buildTestApp } from "../test/app.js";
import { createTestDatabase } from "../test/database.js";

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** Sends raw bytes to the listening app and returns the whole response. */
async function sendRaw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let response = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (response += chunk));
    socket.on("end", () => resolve(response));
    socket.on("error", reject);
  });
}

describe("input errors", () => {
  let database: DatabaseHandle;
  let app: FastifyInstance;

  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const nulCases = [
    { url: "/api/v1/products/%00", field: "slug" },
    { url: "/api/v1/categories/a%00b", field: "slug" },
    { url: "/api/v1/products?q=%00", field: "q" },
    { url: "/api/v1/products?category=%00", field: "category" },
  ];
  for (const { url, field } of nulCases) {
    test(`rejects NUL in ${field} of ${url.split("?")[0]}`, async () => {
      const response = await app.inject({ url });

      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers["content-type"]), /problem\+json/);
      const problem = response.json<Problem>();
      assert.equal(problem.code, "VALIDATION_FAILED");
      assert.equal(problem.errors?.[0]?.field, field);
    });
  }

  test("rejects NUL in a JSON body field", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/token",
      payload: { login: "a\u0000b", password: "long enough password" },
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<Problem>().errors?.[0]?.field, "login");
  });

  test("rejects a bad percent-encoding as a problem", async () => {
    const response = await app.inject({ url: "/api/v1/products/%FF" });

    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers["content-type"]), /problem\+json/);
    assert.equal(response.json<Problem>().code, "VALIDATION_FAILED");
  });

  test("names the slug when it is too long", async () => {
    const response = await app.inject({
      url: `/api/v1/products/${"a".repeat(300)}`,
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<Problem>().errors?.[0]?.field, "slug");
  });

  test("rejects a page beyond the maximum", async () => {
    const response = await app.inject({ url: "/api/v1/products?page=1000001" });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<Problem>().errors?.[0]?.field, "page");
  });

  test("explains an inverted price range once", async () => {
    const response = await app.inject({
      url: "/api/v1/products?min_price=500&max_price=100",
    });

    const problem = response.json<Problem>();
    assert.equal(response.statusCode, 400);
    const messages = problem.errors?.map((error) => error.message) ?? [];
    assert.equal(new Set(messages).size, messages.length);
  });

  describe("over a socket", () => {
    let port: number;

    before(async () => {
      await app.listen({ host: "127.0.0.1", port: 0 });
      const address = app.server.address();
      assert.ok(address && typeof address === "object");
      port = address.port;
    });

    test("answers huge headers with a 431 problem", async () => {
      const response = await sendRaw(
        port,
        `GET /api/v1/products HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`,
      );

      assert.match(response, /^HTTP\/1\.1 431 /);
      assert.match(response, /application\/problem\+json/);
      assert.match(response, /"status":431/);
    });

    test("answers an unknown method with a 400 problem", async () => {
      const response = await sendRaw(
        port,
        "FOO /api/v1/products HTTP/1.1\r\nHost: x\r\n\r\n",
      );

      assert.match(response, /^HTTP\/1\.1 400 /);
      assert.match(response, /"code":"VALIDATION_FAILED"/);
    });
  });
});
