import assert from "node:assert/strict";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

import {
  deriveSessionKey,
  loadSessionKey,
  sessionKeyBytes,
  sessionKeyFile,
} from "./session-key.js";

const root = await mkdtemp(path.join(tmpdir(), "bazaar-session-key-"));
after(() => rm(root, { recursive: true, force: true }));

async function buildDataDir(): Promise<string> {
  return mkdtemp(path.join(root, "data-"));
}

describe("loadSessionKey", () => {
  test("generates a key file once", async () => {
    const dataDir = await buildDataDir();
    const config = {
      dataDir,
      nodeEnv: "development",
      sessionSecret: undefined,
    } as const;

    const first = loadSessionKey(config);
    const second = loadSessionKey(config);
    const fileMode = (await stat(sessionKeyFile(dataDir))).mode & 0o777;
    const folderMode =
      (await stat(path.dirname(sessionKeyFile(dataDir)))).mode & 0o777;

    assert.equal(first.length, sessionKeyBytes);
    assert.deepEqual(second, first);
    assert.equal(fileMode, 0o600);
    assert.equal(folderMode, 0o700);
  });

  test("derives the key from a configured secret", async () => {
    const dataDir = await buildDataDir();
    const secret = "x".repeat(32);

    const key = loadSessionKey({
      dataDir,
      nodeEnv: "production",
      sessionSecret: secret,
    });

    assert.deepEqual(key, deriveSessionKey(secret));
    assert.equal(key.length, sessionKeyBytes);
    await assert.rejects(stat(sessionKeyFile(dataDir)));
  });

  test("rejects production without a secret", async () => {
    const dataDir = await buildDataDir();

    assert.throws(
      () =>
        loadSessionKey({
          dataDir,
          nodeEnv: "production",
          sessionSecret: undefined,
        }),
      /WEB_SESSION_SECRET/,
    );
  });

  test("rejects a damaged key file", async () => {
    const dataDir = await buildDataDir();
    const config = {
      dataDir,
      nodeEnv: "test",
      sessionSecret: undefined,
    } as const;
    loadSessionKey(config);
    await writeFile(sessionKeyFile(dataDir), "short\n");

    assert.throws(
      () => loadSessionKey(config),
      /delete it to generate a new one/,
    );
  });
});
