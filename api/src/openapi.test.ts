import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

import { openApiPath, renderOpenApiDocument } from "./cli/write-openapi.js";

test("committed OpenAPI document matches routes", async () => {
  const generated = await renderOpenApiDocument();

  const committed = await readFile(openApiPath, "utf8").catch(() => "");

  assert.ok(
    committed === generated,
    "api/openapi.json is stale: run npm run openapi",
  );
});
