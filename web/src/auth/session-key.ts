// The key that encrypts the session cookie (XSalsa20-Poly1305 through
// @fastify/secure-session). In production it is derived from
// WEB_SESSION_SECRET, which config.ts requires there. Elsewhere, when the
// variable is unset, a random key is generated once into
// `<dataDir>/keys/web-session.key` (mode 0600 in a 0700 folder) and reused,
// so sessions survive restarts without any set-up.
import { hkdfSync, randomBytes } from "node:crypto";
import {
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

import type { WebConfig } from "../config.js";

/** The key length of libsodium's crypto_secretbox. */
export const sessionKeyBytes = 32;

/** Returns the path of the generated development key under `dataDir`. */
export function sessionKeyFile(dataDir: string): string {
  return path.join(dataDir, "keys", "web-session.key");
}

/**
 * Derives the cookie key from a configured secret with HKDF-SHA-256, so a
 * secret of any length and alphabet gives a uniform 32-byte key.
 */
export function deriveSessionKey(secret: string): Buffer {
  return Buffer.from(
    hkdfSync(
      "sha256",
      Buffer.from(secret, "utf8"),
      Buffer.alloc(0),
      "bazaar web session cookie",
      sessionKeyBytes,
    ),
  );
}

function readKeyFile(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== sessionKeyBytes) {
    throw new Error(
      `${file} does not hold a ${sessionKeyBytes}-byte base64 key: delete it to generate a new one, or set WEB_SESSION_SECRET.`,
    );
  }
  return key;
}

/**
 * Reads the development key from `dataDir`, generating it on first use.
 * Throws when the file exists but contains no valid key.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = sessionKeyFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // The key is written to a temporary file and linked into place: link()
  // fails when the file exists, so two processes starting at once never
  // overwrite each other's key or read a half-written one.
  const temporaryFile = `${file}.${process.pid}.tmp`;
  writeFileSync(
    temporaryFile,
    `${randomBytes(sessionKeyBytes).toString("base64")}\n`,
    { mode: 0o600 },
  );
  try {
    linkSync(temporaryFile, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temporaryFile, { force: true });
  }
  return readKeyFile(file);
}

/** Returns the session cookie key for `config`. */
export function loadSessionKey(
  config: Pick<WebConfig, "sessionSecret" | "dataDir" | "nodeEnv">,
): Buffer {
  if (config.sessionSecret !== undefined) {
    return deriveSessionKey(config.sessionSecret);
  }
  if (config.nodeEnv === "production") {
    // config.ts already rejects this; the check keeps the module safe alone.
    throw new Error("WEB_SESSION_SECRET is required in production.");
  }
  return loadOrCreateKeyFile(config.dataDir);
}
