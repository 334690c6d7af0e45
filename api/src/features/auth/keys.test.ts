import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import { ConfigError, parseApiConfig } from "../../config.js";
import {
  createKeyRing,
  generatePrivateJwk,
  loadKeyRing,
  loadOrCreateDevelopmentKeys,
} from "./keys.js";

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "bazaar-keys-"));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function configProblems(env: Record<string, string>): string[] {
  try {
    parseApiConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.problems];
  }
}

describe("development keys", () => {
  test("are generated once and reused", async () => {
    await withTempDir(async (dir) => {
      const first = await loadOrCreateDevelopmentKeys(dir);

      const second = await loadOrCreateDevelopmentKeys(dir);

      assert.deepEqual(second, first);
      assert.equal(first.privateJwks.length, 1);
      assert.ok(first.refreshTokenSecret.length >= 43);
    });
  });

  test("are readable by the owner only", async () => {
    await withTempDir(async (dir) => {
      await loadOrCreateDevelopmentKeys(dir);

      const keyFile = await stat(path.join(dir, "keys/jwt-private-keys.json"));
      const secretFile = await stat(
        path.join(dir, "keys/refresh-token-secret"),
      );

      assert.equal(keyFile.mode & 0o777, 0o600);
      assert.equal(secretFile.mode & 0o777, 0o600);
    });
  });

  test("are loaded in development mode", async () => {
    await withTempDir(async (dir) => {
      const config = parseApiConfig({
        NODE_ENV: "development",
        BAZAAR_DATA_DIR: dir,
      });

      const ring = await loadKeyRing(config);

      const saved = JSON.parse(
        await readFile(path.join(dir, "keys/jwt-private-keys.json"), "utf8"),
      ) as { kid: string }[];
      assert.equal(ring.signingKey.kid, saved[0]?.kid);
    });
  });

  test("fail clearly on a damaged key file", async () => {
    await withTempDir(async (dir) => {
      await loadOrCreateDevelopmentKeys(dir);
      await writeFile(path.join(dir, "keys/jwt-private-keys.json"), "{");

      await assert.rejects(loadOrCreateDevelopmentKeys(dir), /delete it/);
    });
  });
});

describe("key ring", () => {
  test("signs with the first key and publishes all", async () => {
    const active = await generatePrivateJwk();
    const retired = await generatePrivateJwk();

    const ring = await createKeyRing({
      privateJwks: [active, retired],
      refreshTokenSecret: "s".repeat(43),
    });

    assert.equal(ring.signingKey.kid, active.kid);
    assert.deepEqual(
      ring.jwks.keys.map((key) => key.kid),
      [active.kid, retired.kid],
    );
    assert.ok(ring.publicKeys.has(retired.kid));
    assert.ok(ring.jwks.keys.every((key) => !("d" in key)));
  });

  test("uses configured keys from JWT_PRIVATE_KEYS", async () => {
    const jwk = await generatePrivateJwk();
    const config = parseApiConfig({
      NODE_ENV: "production",
      JWT_PRIVATE_KEYS: JSON.stringify({ keys: [jwk] }),
      REFRESH_TOKEN_SECRET: "r".repeat(43),
    });

    const ring = await loadKeyRing(config);

    assert.equal(ring.signingKey.kid, jwk.kid);
  });

  test("reads keys from JWT_PRIVATE_KEYS_FILE", async () => {
    await withTempDir(async (dir) => {
      const jwk = await generatePrivateJwk();
      const file = path.join(dir, "keys.json");
      await writeFile(file, JSON.stringify([jwk]));

      const config = parseApiConfig({ JWT_PRIVATE_KEYS_FILE: file });

      assert.equal(config.jwtPrivateKeys?.[0]?.kid, jwk.kid);
    });
  });
});

describe("token settings in config", () => {
  test("default to five-minute access tokens", () => {
    const config = parseApiConfig({});

    assert.equal(config.accessTokenTtlSeconds, 300);
    assert.equal(config.refreshTokenTtlSeconds, 30 * 24 * 3600);
    assert.equal(config.refreshReuseGraceSeconds, 5);
    assert.equal(config.jwtIssuer, "bazaar");
    assert.equal(config.jwtAudience, "bazaar-api");
  });

  test("reject production without keys", () => {
    const problems = configProblems({ NODE_ENV: "production" });

    assert.ok(problems.some((problem) => /JWT_PRIVATE_KEYS/.test(problem)));
    assert.ok(problems.some((problem) => /REFRESH_TOKEN_SECRET/.test(problem)));
    assert.ok(problems.every((problem) => /generate-keys\.ts/.test(problem)));
  });

  test("reject a grace window above ten seconds", () => {
    const problems = configProblems({ REFRESH_REUSE_GRACE_SECONDS: "11" });

    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /REFRESH_REUSE_GRACE_SECONDS.*0 to 10/);
  });

  test("reject a key that is not Ed25519", () => {
    const problems = configProblems({
      JWT_PRIVATE_KEYS: JSON.stringify([{ kty: "RSA", kid: "a", n: "x" }]),
    });

    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /Ed25519/);
  });

  test("reject keys that are not JSON", () => {
    const problems = configProblems({ JWT_PRIVATE_KEYS: "not json" });

    assert.match(problems[0] ?? "", /not valid JSON/);
  });

  test("reject a short refresh token secret", () => {
    const problems = configProblems({ REFRESH_TOKEN_SECRET: "short" });

    assert.match(problems[0] ?? "", /at least 32 characters/);
  });
});
