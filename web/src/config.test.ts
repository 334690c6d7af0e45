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

describe("parseWebConfig session settings", () => {
  test("defaults the token checks as the API does", () => {
    const config = parseWebConfig({});

    assert.equal(config.jwtIssuer, "bazaar");
    assert.equal(config.jwtAudience, "bazaar-api");
    assert.equal(config.sessionSecret, undefined);
    assert.equal(config.publicUrl, undefined);
    assert.match(config.dataDir, /\.data$/);
  });

  test("requires a session secret in production", () => {
    assert.throws(
      () => parseWebConfig({ NODE_ENV: "production" }),
      (error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /WEB_SESSION_SECRET is missing/);
        assert.match(error.message, /openssl rand -base64 32/);
        return true;
      },
    );
  });

  test("rejects a short session secret", () => {
    assert.throws(
      () => parseWebConfig({ WEB_SESSION_SECRET: "x".repeat(31) }),
      /WEB_SESSION_SECRET is too short: it must be at least 32 bytes/,
    );
  });

  test("accepts a production secret", () => {
    const secret = "a".repeat(44);

    const config = parseWebConfig({
      NODE_ENV: "production",
      WEB_SESSION_SECRET: secret,
      WEB_PUBLIC_URL: "https://shop.example/",
    });

    assert.equal(config.sessionSecret, secret);
    assert.equal(config.publicUrl, "https://shop.example");
  });

  test("rejects a public URL that is not http", () => {
    assert.throws(
      () => parseWebConfig({ WEB_PUBLIC_URL: "shop.example" }),
      /WEB_PUBLIC_URL="shop.example" is not an http\(s\) URL/,
    );
  });
});
