// The API's token keys: Ed25519 key pairs that sign access tokens (EdDSA) and
// a secret that derives each refresh token's successor.
//
// Threats: a leaked private key lets anyone mint access tokens for any user,
// so production never generates keys by itself (config.ts rejects a missing
// JWT_PRIVATE_KEYS) and generated development keys are written with mode
// 0600. For rotation, the first key signs while every configured key is
// published in the JWKS and accepted by the verifier. A retired key can so
// stay listed until the last token it signed has expired.
import { createHash, randomBytes, type webcrypto } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

import type { ApiConfig, Ed25519PrivateJwk } from "../../config.js";

type CryptoKey = webcrypto.CryptoKey;

/** The only JWS algorithm the API signs with and accepts. */
export const signingAlgorithm = "EdDSA";

/** A public key as published at `/.well-known/jwks.json`. */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: typeof signingAlgorithm;
  use: "sig";
}

export interface KeyRing {
  /** The key that signs new access tokens. */
  readonly signingKey: { readonly kid: string; readonly key: CryptoKey };
  /** Public keys by kid, for verification. */
  readonly publicKeys: ReadonlyMap<string, CryptoKey>;
  /** The JWK Set served at `/.well-known/jwks.json`. */
  readonly jwks: { readonly keys: readonly PublicJwk[] };
  /** HMAC-SHA-256 key that derives refresh token successors. */
  readonly refreshTokenSecret: Buffer;
}

/** Key material as read from the config or from the development key files. */
export interface KeyMaterial {
  privateJwks: readonly Ed25519PrivateJwk[];
  refreshTokenSecret: string;
}

const privateKeysFileName = "jwt-private-keys.json";
const refreshSecretFileName = "refresh-token-secret";

/** Generates an Ed25519 private JWK whose kid is its RFC 7638 thumbprint. */
export async function generatePrivateJwk(): Promise<Ed25519PrivateJwk> {
  const { privateKey } = await generateKeyPair(signingAlgorithm, {
    extractable: true,
  });
  const jwk = await exportJWK(privateKey);
  if (!jwk.d || !jwk.x) throw new Error("jose exported an incomplete JWK");
  return {
    kty: "OKP",
    crv: "Ed25519",
    kid: thumbprint(jwk.x),
    d: jwk.d,
    x: jwk.x,
  };
}

/** Generates a refresh token secret: 32 random bytes in base64url. */
export function generateRefreshTokenSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Generates fresh key material that lives only in memory (tests). */
export async function generateKeyMaterial(): Promise<KeyMaterial> {
  return {
    privateJwks: [await generatePrivateJwk()],
    refreshTokenSecret: generateRefreshTokenSecret(),
  };
}

// RFC 7638 thumbprint of an OKP key: SHA-256 over the required members in
// lexicographic order, so the same key always gets the same kid.
function thumbprint(x: string): string {
  const members = JSON.stringify({ crv: "Ed25519", kty: "OKP", x });
  return createHash("sha256").update(members).digest("base64url");
}

async function readOrCreateFile(
  file: string,
  create: () => Promise<string>,
): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    // "wx" fails when the file appeared meanwhile, so two processes starting
    // at once both end up with the key of whichever wrote first.
    await writeFile(file, await create(), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFile(file, "utf8");
}

/**
 * Reads the development keys from `<dataDir>/keys/`, generating them on first
 * start. Throws when an existing key file is not valid JSON.
 */
export async function loadOrCreateDevelopmentKeys(
  dataDir: string,
): Promise<KeyMaterial> {
  const dir = path.join(dataDir, "keys");
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const privateKeysFile = path.join(dir, privateKeysFileName);
  const privateKeysText = await readOrCreateFile(privateKeysFile, async () =>
    JSON.stringify([await generatePrivateJwk()], null, 2),
  );
  const secretFile = path.join(dir, refreshSecretFileName);
  const refreshTokenSecret = await readOrCreateFile(secretFile, () =>
    Promise.resolve(generateRefreshTokenSecret()),
  );

  return {
    privateJwks: parseKeyFile(privateKeysFile, privateKeysText),
    refreshTokenSecret: refreshTokenSecret.trim(),
  };
}

function parseKeyFile(file: string, text: string): Ed25519PrivateJwk[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const isKeyList =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (jwk: Partial<Record<string, unknown>>) =>
        typeof jwk.kid === "string" &&
        typeof jwk.d === "string" &&
        typeof jwk.x === "string",
    );
  if (!isKeyList) {
    throw new Error(
      `${file} is not a JSON list of private JWKs: delete it to generate a new development key.`,
    );
  }
  return parsed as Ed25519PrivateJwk[];
}

/** Imports key material into the keys the API signs and verifies with. */
export async function createKeyRing(material: KeyMaterial): Promise<KeyRing> {
  const [first] = material.privateJwks;
  if (!first) throw new Error("A key ring needs at least one private key");

  const publicKeys = new Map<string, CryptoKey>();
  const jwks: PublicJwk[] = [];
  for (const jwk of material.privateJwks) {
    const publicJwk: PublicJwk = {
      kty: "OKP",
      crv: "Ed25519",
      x: jwk.x,
      kid: jwk.kid,
      alg: signingAlgorithm,
      use: "sig",
    };
    publicKeys.set(jwk.kid, await importKey(publicJwk));
    jwks.push(publicJwk);
  }
  const signingKey = await importKey({ ...first, alg: signingAlgorithm });

  return {
    signingKey: { kid: first.kid, key: signingKey },
    publicKeys,
    jwks: { keys: jwks },
    refreshTokenSecret: Buffer.from(material.refreshTokenSecret, "utf8"),
  };
}

async function importKey(jwk: JWK): Promise<CryptoKey> {
  const key = await importJWK(jwk, signingAlgorithm);
  if (key instanceof Uint8Array) throw new Error("Expected an asymmetric key");
  return key;
}

/**
 * Builds the key ring for `config`: configured keys when set, in-memory keys
 * in tests, otherwise development keys generated into the data folder.
 * config.ts already rejects production settings without keys.
 */
export async function loadKeyRing(config: ApiConfig): Promise<KeyRing> {
  if (config.jwtPrivateKeys) {
    const secret = config.refreshTokenSecret;
    return createKeyRing({
      privateJwks: config.jwtPrivateKeys,
      // NOTE: outside production the secret may be left unset next to
      // configured keys; a random one then only breaks the grace window
      // across restarts.
      refreshTokenSecret: secret ?? generateRefreshTokenSecret(),
    });
  }
  if (config.nodeEnv === "test") {
    return createKeyRing(await generateKeyMaterial());
  }
  const material = await loadOrCreateDevelopmentKeys(config.dataDir);
  return createKeyRing({
    ...material,
    refreshTokenSecret:
      config.refreshTokenSecret ?? material.refreshTokenSecret,
  });
}
