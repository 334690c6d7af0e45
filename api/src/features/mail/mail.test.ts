import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { buildTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { uniqueSuffix } from "../../test/factories.js";
import { generatePrivateJwk } from "../auth/keys.js";
import { createDevMailbox, devMailboxCapacity } from "./mailer.js";
import type { Mailbox } from "./mail.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database);
});

after(async () => {
  await app.close();
  await database.close();
});

describe("GET /dev/mailbox", () => {
  test("lists messages newest first", async () => {
    const first = `first-${uniqueSuffix()}@example.com`;
    const second = `second-${uniqueSuffix()}@example.com`;
    for (const email of [first, second]) {
      await app.inject({
        method: "POST",
        url: "/api/v1/auth/register",
        payload: { email, password: "violet kettle orbit 42" },
      });
    }

    const response = await app.inject({
      method: "GET",
      url: "/api/v1/dev/mailbox",
    });

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers["cache-control"], "no-store");
    const { messages } = response.json<Mailbox>();
    assert.deepEqual(
      messages.slice(0, 2).map((message) => message.to),
      [second, first],
    );
    const [newest] = messages;
    assert.equal(newest?.subject, "Verify your email address");
    assert.match(newest?.text ?? "", /\d{6}/);
    assert.ok(!Number.isNaN(Date.parse(newest?.sent_at ?? "")));
  });

  test("is absent in production", async () => {
    const production = await buildTestApp(database, {
      nodeEnv: "production",
      jwtPrivateKeys: [await generatePrivateJwk()],
      refreshTokenSecret: "a".repeat(43),
    });

    const response = await production.inject({
      method: "GET",
      url: "/api/v1/dev/mailbox",
    });
    await production.close();

    assert.equal(response.statusCode, 404);
  });
});

describe("development mailbox", () => {
  test("keeps the last hundred messages", () => {
    const mailbox = createDevMailbox(() => new Date());

    for (let index = 1; index <= devMailboxCapacity + 5; index += 1) {
      mailbox.add({ to: `${index}@example.com`, subject: "S", text: "T" });
    }

    const messages = mailbox.list();
    assert.equal(messages.length, 100);
    assert.equal(messages[0]?.to, "105@example.com");
    assert.equal(messages[99]?.to, "6@example.com");
  });
});
