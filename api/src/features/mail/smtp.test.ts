// Registration and password reset against a real SMTP server in this
// process, and the secrets those flows must keep out of the log.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";

import { buildApp, redactedLogPaths } from "../../app.js";
import type { DatabaseHandle } from "../../db/client.js";
import { buildTestConfig } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, uniqueSuffix } from "../../test/factories.js";
import {
  readCode,
  readLinkToken,
  startSmtpServer,
  type TestSmtpServer,
} from "../../test/mail.js";
import { bearer, signIn } from "../auth/auth.test-helpers.js";
import type { UserResponse } from "../auth/auth.schemas.js";

let database: DatabaseHandle;
let smtp: TestSmtpServer;
let app: FastifyInstance;
const logLines: string[] = [];

before(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpServer();
  app = await buildApp({
    config: buildTestConfig({
      smtpUrl: smtp.url,
      mailFrom: "Bazaar Test <shop@example.test>",
    }),
    database,
    logger: {
      level: "debug",
      redact: redactedLogPaths,
      stream: { write: (line: string) => void logLines.push(line) },
    },
  });
  await app.ready();
});

after(async () => {
  await app.close();
  await smtp.close();
  await database.close();
});

const password = "violet kettle orbit 42";

/** Asserts that no captured log line contains `secret`. */
function assertNotLogged(secret: string): void {
  const leaks = logLines.filter((line) => line.includes(secret));
  assert.deepEqual(leaks, [], `the log contains ${secret}`);
}

describe("registration over SMTP", () => {
  test("mails a code that verifies the email", async () => {
    const email = `smtp-${uniqueSuffix()}@example.com`;

    const registered = await app.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      payload: { email, password },
    });
    const message = await smtp.waitForMessage(email);
    const pair = await signIn(app, { login: email, password });
    const verified = await app.inject({
      method: "POST",
      url: "/api/v1/auth/verify-email",
      headers: bearer(pair.access_token),
      payload: { code: readCode(message.text) },
    });

    assert.equal(registered.statusCode, 201);
    assert.equal(message.subject, "Verify your email address");
    assert.match(message.raw, /^From: Bazaar Test <shop@example\.test>/m);
    assert.equal(verified.statusCode, 200, verified.body);
    assert.equal(verified.json<UserResponse>().email_verified, true);
    assertNotLogged(readCode(message.text));
    assertNotLogged(readLinkToken(message.text));
    assert.ok(logLines.some((line) => line.includes('"msg":"mail sent"')));
  });
});

describe("password reset over SMTP", () => {
  test("mails a link that resets the password", async () => {
    const user = await buildUser(database.db);

    const requested = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password/reset",
      payload: { email: user.email },
    });
    const message = await smtp.waitForMessage(user.email);
    const token = readLinkToken(message.text);
    const confirmed = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password/reset/confirm",
      payload: { token, new_password: "amber lantern canyon 7" },
    });

    assert.equal(requested.statusCode, 202);
    assert.match(
      message.text,
      /http:\/\/127\.0\.0\.1:8000\/reset-password\?token=/,
    );
    assert.equal(confirmed.statusCode, 204, confirmed.body);
    await signIn(app, {
      login: user.email,
      password: "amber lantern canyon 7",
    });
    assertNotLogged(token);
  });

  test("answers before the mail is sent", async (t) => {
    const user = await buildUser(database.db);
    smtp.delayReplies(1000);
    t.after(() => smtp.delayReplies(0));

    const startedMs = performance.now();
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password/reset",
      payload: { email: user.email },
    });
    const durationMs = performance.now() - startedMs;

    assert.equal(response.statusCode, 202);
    assert.ok(durationMs < 500, `the answer took ${durationMs} ms`);
    await smtp.waitForMessage(user.email);
  });
});

describe("mail failures", () => {
  test("keep registration and reset working", async (t) => {
    const failing = await startSmtpServer();
    failing.rejectAll();
    const lines: string[] = [];
    const failingApp = await buildApp({
      config: buildTestConfig({ smtpUrl: failing.url }),
      database,
      logger: {
        level: "info",
        stream: { write: (line: string) => void lines.push(line) },
      },
    });
    t.after(async () => {
      await failingApp.close();
      await failing.close();
    });
    const email = `failing-${uniqueSuffix()}@example.com`;

    const registered = await failingApp.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      payload: { email, password },
    });
    const reset = await failingApp.inject({
      method: "POST",
      url: "/api/v1/auth/password/reset",
      payload: { email },
    });
    await failingApp.close();

    assert.equal(registered.statusCode, 201);
    assert.equal(reset.statusCode, 202);
    const failures = lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.msg === "mail failed");
    assert.equal(failures.length, 2);
    assert.ok(failures.every((entry) => entry.level === 50));
  });
});
