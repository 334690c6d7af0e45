import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";

let database: DatabaseHandle;
let dataDir: string;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "bazaar-media-"));
  app = await buildTestApp(database, { dataDir });
});

after(async () => {
  await app.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("GET /media", () => {
  test("serves demo image with cache", async () => {
    const response = await app.inject({ url: "/media/demo/t-shirt.svg" });

    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^image\/svg\+xml/);
    assert.match(String(response.headers["cache-control"]), /max-age=604800/);
    assert.match(
      String(response.headers["content-security-policy"]),
      /default-src 'none'/,
    );
    assert.match(response.body, /<title id="title">T-shirt<\/title>/);
  });

  test("serves uploaded file", async () => {
    const uploads = path.join(dataDir, "media", "uploads");
    await mkdir(uploads, { recursive: true });
    await writeFile(path.join(uploads, "photo.txt"), "hello");

    const response = await app.inject({ url: "/media/uploads/photo.txt" });

    assert.equal(response.statusCode, 200);
    assert.equal(response.body, "hello");
    assert.equal(response.headers["x-content-type-options"], "nosniff");
  });

  test("returns 404 for unknown file", async () => {
    const response = await app.inject({ url: "/media/demo/missing.svg" });

    assert.equal(response.statusCode, 404);
  });

  test("lists no directory", async () => {
    const demo = await app.inject({ url: "/media/demo/" });
    const uploads = await app.inject({ url: "/media/uploads/" });

    assert.equal(demo.statusCode, 404);
    assert.equal(uploads.statusCode, 404);
  });

  test("blocks path traversal", async () => {
    const response = await app.inject({
      url: "/media/demo/..%2f..%2fpackage.json",
    });

    assert.notEqual(response.statusCode, 200);
  });

  test("stays out of OpenAPI document", async () => {
    const response = await app.inject({ url: "/api/v1/openapi.json" });

    const document = response.json<{ paths: Record<string, unknown> }>();
    const mediaPaths = Object.keys(document.paths).filter((key) =>
      key.startsWith("/media"),
    );
    assert.deepEqual(mediaPaths, []);
  });
});
