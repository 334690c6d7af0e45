// Runs every flow that mails or texts a secret with the development mailbox
// and the log at trace level, then looks for each secret in the log.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import type { FastifyInstance } from "fastify";

import { buildApp, redactedLogPaths } from "../../app.js";
import type { DatabaseHandle } from "../../db/client.js";
import { buildTestConfig } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { uniqueSuffix } from "../../test/factories.js";
import {
  readCode,
  readLinkToken,
  waitForMailboxMessage,
} from "../../test/mail.js";
import { bearer, signIn } from "../auth/auth.test-helpers.js";

let database: DatabaseHandle;
let app: FastifyInstance;
const logLines: string[] = [];

before(async () => {
  database = await createTestDatabase();
  app = await buildApp({
    config: buildTestConfig(),
    database,
    logger: {
      level: "trace",
      redact: redactedLogPaths,
      stream: { write: (line: string) => void logLines.push(line) },
    },
  });
  await app.ready();
});

after(async () => {
  await app.close();
  await database.close();
});

test("log holds no code or token", async () => {
  const suffix = uniqueSuffix();
  const email = `logs-${suffix}@example.com`;
  const newEmail = `logs-new-${suffix}@example.com`;
  const password = "violet kettle orbit 42";
  await app.inject({
    method: "POST",
    url: "/api/v1/auth/register",
    payload: { email, password, phone: "+44 20 7946 0999" },
  });
  const pair = await signIn(app, { login: email, password });
  const headers = bearer(pair.access_token);
  await app.inject({
    method: "POST",
    url: "/api/v1/auth/verify-phone/request",
    headers,
  });
  await app.inject({
    method: "PATCH",
    url: "/api/v1/me",
    headers,
    payload: { email: newEmail },
  });
  const registration = app.mail.mailbox.list();
  await app.inject({
    method: "POST",
    url: "/api/v1/auth/password/reset",
    payload: { email },
  });
  const reset = await waitForMailboxMessage(app, email, { seen: registration });
  await app.inject({
    method: "POST",
    url: "/api/v1/auth/password/reset/confirm",
    payload: {
      token: readLinkToken(reset.text),
      new_password: "amber lantern canyon 7",
    },
  });

  const messages = app.mail.mailbox.list();
  const secrets = messages.flatMap((message) => {
    if (message.subject === "SMS") return [readCode(message.text)];
    if (message.subject === "Reset your password") {
      return [readLinkToken(message.text)];
    }
    return [readCode(message.text), readLinkToken(message.text)];
  });
  assert.equal(messages.length, 4);
  assert.equal(secrets.length, 6);
  assert.ok(logLines.some((line) => line.includes('"msg":"password reset"')));
  for (const secret of secrets) {
    const leaks = logLines.filter((line) => line.includes(secret));
    assert.deepEqual(leaks, [], `the log contains ${secret}`);
  }
  const kept = logLines.filter((line) =>
    line.includes("kept in the development mailbox"),
  );
  assert.equal(kept.length, 4);
});
