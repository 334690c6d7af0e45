import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ConfigError, parseWebConfig } from "./config.js";

describe("parseWebConfig", () => {
  test("applies the defaults", () => {
    const config = parseWebConfig({});

    assert.equal(config.port, 8000);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.apiUrl, "http://127.0.0.1:8001");
    assert.equal(config.apiTimeoutMs, 5000);
    assert.equal(config.currency, "USD");
    assert.ok(Object.isFrozen(config));
  });

  test("drops a trailing slash from the API URL", () => {
    const config = parseWebConfig({ API_URL: "http://127.0.0.1:9/" });

    assert.equal(config.apiUrl, "http://127.0.0.1:9");
  });

  test("lists every invalid variable", () => {
    const parse = (): unknown =>
      parseWebConfig({
        WEB_PORT: "http",
        API_URL: "ftp://x",
        API_TIMEOUT_MS: "0",
        LOG_LEVEL: "loud",
      });

    assert.throws(parse, (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 4);
      assert.match(error.message, /WEB_PORT="http"/);
      assert.match(error.message, /API_URL="ftp:\/\/x"/);
      assert.match(error.message, /API_TIMEOUT_MS="0"/);
      assert.match(error.message, /LOG_LEVEL="loud"/);
      return true;
    });
  });
});
