// Prints new token secrets for production, as environment variable lines:
//
//   node --import tsx api/src/features/auth/generate-keys.ts >> .env
//
// JWT_PRIVATE_KEYS contains one Ed25519 private key. To rotate, put a new
// key first in the list and keep the old one after it until the access tokens
// it signed have expired.
import { generatePrivateJwk, generateRefreshTokenSecret } from "./keys.js";

const jwk = await generatePrivateJwk();
process.stdout.write(`JWT_PRIVATE_KEYS='${JSON.stringify([jwk])}'\n`);
process.stdout.write(`REFRESH_TOKEN_SECRET=${generateRefreshTokenSecret()}\n`);
