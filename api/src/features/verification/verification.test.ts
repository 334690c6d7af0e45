import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser, uniqueSuffix } from "../../test/factories.js";
import {
  findMailboxMessage,
  readCode,
  readLinkToken,
} from "../../test/mail.js";
import type { UserResponse } from "../auth/auth.schemas.js";
import {
  bearer,
  buildAuthTestApp,
  createTestClock,
  signIn,
  type TestClock,
} from "../auth/auth.test-helpers.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let clock: TestClock;

before(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await buildAuthTestApp(database, {
    clock,
    config: { webPublicUrl: "https://shop.example.test" },
  });
});

after(async () => {
  await app.close();
  await database.close();
});

interface RegisteredUser {
  email: string;
  password: string;
  accessToken: string;
}

/** Registers through the API, which mails the first code, and signs in. */
async function registerUser(
  options: { phone?: string } = {},
): Promise<RegisteredUser> {
  const suffix = uniqueSuffix();
  const email = `verify-${suffix}@example.com`;
  const password = `violet kettle ${suffix}`;
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/register",
    payload: { email, password, ...options },
  });
  assert.equal(response.statusCode, 201, response.body);
  const pair = await signIn(app, { login: email, password });
  return { email, password, accessToken: pair.access_token };
}

/** Signs in again, after the clock moved past the access token's lifetime. */
async function refreshAccess(user: RegisteredUser): Promise<void> {
  const pair = await signIn(app, {
    login: user.email,
    password: user.password,
  });
  user.accessToken = pair.access_token;
}

function mailTo(to: string): { text: string; subject: string } {
  const message = findMailboxMessage(app, to);
  assert.ok(message, `no message for ${to} in the development mailbox`);
  return message;
}

function post(
  url: string,
  options: { accessToken?: string; payload?: Record<string, unknown> } = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: `/api/v1${url}`,
    ...(options.accessToken ? { headers: bearer(options.accessToken) } : {}),
    ...(options.payload ? { payload: options.payload } : {}),
  });
}

function verifyEmail(user: RegisteredUser, code: string) {
  return post("/auth/verify-email", {
    accessToken: user.accessToken,
    payload: { code },
  });
}

/** Returns a 6-digit code that differs from `code`. */
function wrongCodeFor(code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, "0");
}

function codeMessage(response: LightMyRequestResponse): string | undefined {
  const problem = response.json<ProblemDocument>();
  return problem.errors?.find((error) => error.field === "code")?.message;
}

describe("POST /auth/register", () => {
  test("mails a code and a link", async () => {
    const user = await registerUser();

    const message = mailTo(user.email);

    assert.equal(message.subject, "Verify your email address");
    assert.match(readCode(message.text), /^\d{6}$/);
    assert.match(
      message.text,
      /https:\/\/shop\.example\.test\/verify-email\?token=[A-Za-z0-9_-]{43}\b/,
    );
  });
});

describe("POST /auth/verify-email", () => {
  test("verifies with the mailed code", async () => {
    const user = await registerUser();
    const code = readCode(mailTo(user.email).text);

    const response = await verifyEmail(user, code);

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().email_verified, true);
  });

  test("verifies with the link without sign-in", async () => {
    const user = await registerUser();
    const token = readLinkToken(mailTo(user.email).text);

    const response = await post("/auth/verify-email", { payload: { token } });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<UserResponse>().email, user.email);
    assert.equal(response.json<UserResponse>().email_verified, true);
  });

  test("counts the attempts left on a wrong code", async () => {
    const user = await registerUser();
    const code = readCode(mailTo(user.email).text);

    const first = await verifyEmail(user, wrongCodeFor(code));
    const second = await verifyEmail(user, wrongCodeFor(code));

    assert.equal(first.statusCode, 400);
    assert.equal(first.json<ProblemDocument>().code, "VALIDATION_FAILED");
    assert.equal(codeMessage(first), "code is wrong: 4 attempts left.");
    assert.equal(codeMessage(second), "code is wrong: 3 attempts left.");
  });

  test("kills the code after five wrong attempts", async () => {
    const user = await registerUser();
    const code = readCode(mailTo(user.email).text);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await verifyEmail(user, wrongCodeFor(code));
    }

    const fifth = await verifyEmail(user, wrongCodeFor(code));
    const right = await verifyEmail(user, code);

    assert.match(codeMessage(fifth) ?? "", /tried too often/);
    assert.equal(right.statusCode, 400);
    assert.match(codeMessage(right) ?? "", /request a new code/);
  });

  test("rejects an expired code", async () => {
    const user = await registerUser();
    const code = readCode(mailTo(user.email).text);
    clock.advanceSeconds(15 * 60 + 1);
    await refreshAccess(user);

    const response = await verifyEmail(user, code);

    assert.equal(response.statusCode, 400);
    assert.match(codeMessage(response) ?? "", /expired.*request a new code/);
  });

  test("accepts a code just before expiry", async () => {
    const user = await registerUser();
    const code = readCode(mailTo(user.email).text);
    clock.advanceSeconds(15 * 60 - 1);
    await refreshAccess(user);

    const response = await verifyEmail(user, code);

    assert.equal(response.statusCode, 200, response.body);
  });

  test("consumes the code on success", async () => {
    const user = await registerUser();
    const message = mailTo(user.email);
    await verifyEmail(user, readCode(message.text));

    const again = await verifyEmail(user, readCode(message.text));
    const link = await post("/auth/verify-email", {
      payload: { token: readLinkToken(message.text) },
    });

    assert.equal(again.statusCode, 400);
    assert.equal(link.statusCode, 400);
    assert.equal(
      link.json<ProblemDocument>().errors?.[0]?.field,
      "token",
      link.body,
    );
  });

  test("rejects an unknown link token", async () => {
    const response = await post("/auth/verify-email", {
      payload: { token: "x".repeat(43) },
    });

    assert.equal(response.statusCode, 400);
    assert.match(response.json<ProblemDocument>().detail, /request a new/);
  });

  test("rejects a code that is not six digits", async () => {
    const user = await registerUser();

    const response = await verifyEmail(user, "12345");

    assert.equal(response.statusCode, 400);
    assert.equal(
      codeMessage(response),
      "code must be the 6 digits from the message.",
    );
  });

  test("requires either a code or a token", async () => {
    const user = await registerUser();

    const neither = await post("/auth/verify-email", {
      accessToken: user.accessToken,
      payload: {},
    });
    const both = await post("/auth/verify-email", {
      accessToken: user.accessToken,
      payload: { code: "123456", token: "abc" },
    });

    assert.equal(neither.statusCode, 400);
    assert.equal(both.statusCode, 400);
  });

  test("requires sign-in for a code", async () => {
    const response = await post("/auth/verify-email", {
      payload: { code: "123456" },
    });

    assert.equal(response.statusCode, 401);
  });
});

describe("POST /auth/verify-email/request", () => {
  test("ends the older code and link", async () => {
    const user = await registerUser();
    const first = mailTo(user.email);
    clock.advanceSeconds(61);

    const response = await post("/auth/verify-email/request", {
      accessToken: user.accessToken,
    });

    assert.equal(response.statusCode, 202, response.body);
    assert.deepEqual(response.json(), { sent_to: user.email, expires_in: 900 });
    const second = mailTo(user.email);
    assert.notEqual(second.text, first.text);
    const oldLink = await post("/auth/verify-email", {
      payload: { token: readLinkToken(first.text) },
    });
    assert.equal(oldLink.statusCode, 400);
    const newCode = await verifyEmail(user, readCode(second.text));
    assert.equal(newCode.statusCode, 200, newCode.body);
  });

  test("allows one code per minute", async () => {
    const user = await registerUser();
    clock.advanceSeconds(20);

    const early = await post("/auth/verify-email/request", {
      accessToken: user.accessToken,
    });
    clock.advanceSeconds(40);
    const onTime = await post("/auth/verify-email/request", {
      accessToken: user.accessToken,
    });

    assert.equal(early.statusCode, 429);
    assert.equal(early.json<ProblemDocument>().code, "RATE_LIMITED");
    assert.equal(early.headers["retry-after"], "40");
    assert.equal(onTime.statusCode, 202);
  });

  test("allows five codes per hour", async () => {
    const user = await registerUser();
    for (let request = 2; request <= 5; request += 1) {
      clock.advanceSeconds(60);
      const response = await post("/auth/verify-email/request", {
        accessToken: user.accessToken,
      });
      assert.equal(response.statusCode, 202, `request ${request}`);
    }
    clock.advanceSeconds(60);

    const sixth = await post("/auth/verify-email/request", {
      accessToken: user.accessToken,
    });

    assert.equal(sixth.statusCode, 429);
    assert.equal(sixth.headers["retry-after"], String(3600 - 5 * 60));
  });

  test("rejects a verified email", async () => {
    const user = await registerUser();
    await verifyEmail(user, readCode(mailTo(user.email).text));
    clock.advanceSeconds(61);

    const response = await post("/auth/verify-email/request", {
      accessToken: user.accessToken,
    });

    assert.equal(response.statusCode, 409);
  });
});

describe("POST /auth/verify-phone", () => {
  test("returns 409 without a phone", async () => {
    const user = await registerUser();

    const response = await post("/auth/verify-phone/request", {
      accessToken: user.accessToken,
    });

    assert.equal(response.statusCode, 409);
    assert.match(response.json<ProblemDocument>().detail, /no phone number/);
  });

  test("verifies the phone with the SMS code", async () => {
    const user = await registerUser({ phone: "+44 20 7946 0111" });

    const request = await post("/auth/verify-phone/request", {
      accessToken: user.accessToken,
    });
    const sms = mailTo("+442079460111");
    const wrong = await post("/auth/verify-phone", {
      accessToken: user.accessToken,
      payload: { code: wrongCodeFor(readCode(sms.text)) },
    });
    const right = await post("/auth/verify-phone", {
      accessToken: user.accessToken,
      payload: { code: readCode(sms.text) },
    });

    assert.equal(request.statusCode, 202, request.body);
    assert.equal(request.json<{ sent_to: string }>().sent_to, "+442079460111");
    assert.equal(sms.subject, "SMS");
    assert.equal(codeMessage(wrong), "code is wrong: 4 attempts left.");
    assert.equal(right.statusCode, 200, right.body);
    assert.equal(right.json<UserResponse>().phone_verified, true);
    assert.equal(right.json<UserResponse>().email_verified, false);
  });

  test("limits phone codes to one per minute", async () => {
    const user = await registerUser({ phone: "+44 20 7946 0112" });
    await post("/auth/verify-phone/request", { accessToken: user.accessToken });

    const again = await post("/auth/verify-phone/request", {
      accessToken: user.accessToken,
    });

    assert.equal(again.statusCode, 429);
    assert.equal(again.headers["retry-after"], "60");
  });

  test("rejects an expired phone code", async () => {
    const user = await registerUser({ phone: "+44 20 7946 0113" });
    await post("/auth/verify-phone/request", { accessToken: user.accessToken });
    const code = readCode(mailTo("+442079460113").text);
    clock.advanceSeconds(15 * 60 + 1);
    await refreshAccess(user);

    const response = await post("/auth/verify-phone", {
      accessToken: user.accessToken,
      payload: { code },
    });

    assert.equal(response.statusCode, 400);
    assert.match(codeMessage(response) ?? "", /request a new code/);
  });
});

describe("PATCH /me with an email", () => {
  function patchEmail(user: RegisteredUser, email: string) {
    return app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: bearer(user.accessToken),
      payload: { email },
    });
  }

  async function getMe(user: RegisteredUser): Promise<UserResponse> {
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: bearer(user.accessToken),
    });
    return response.json<UserResponse>();
  }

  test("keeps the email until the new one is verified", async () => {
    const user = await registerUser();
    const newEmail = `new-${uniqueSuffix()}@example.com`;

    const response = await patchEmail(user, newEmail);

    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<UserResponse & Record<string, unknown>>();
    assert.equal(body.email, user.email);
    assert.deepEqual(body.email_change, { sent_to: newEmail, expires_in: 900 });
    assert.equal((await getMe(user)).email, user.email);
    const message = mailTo(newEmail);
    assert.equal(message.subject, "Confirm your new email address");

    const verified = await verifyEmail(user, readCode(message.text));

    assert.equal(verified.statusCode, 200, verified.body);
    assert.equal(verified.json<UserResponse>().email, newEmail);
    assert.equal(verified.json<UserResponse>().email_verified, true);
    await signIn(app, { login: newEmail, password: user.password });
  });

  test("changes the email by link", async () => {
    const user = await registerUser();
    const newEmail = `link-${uniqueSuffix()}@example.com`;
    await patchEmail(user, newEmail);
    const token = readLinkToken(mailTo(newEmail).text);

    const response = await post("/auth/verify-email", { payload: { token } });

    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await getMe(user)).email, newEmail);
  });

  test("rejects the email of another account", async () => {
    const user = await registerUser();
    const other = await buildUser(database.db);

    const response = await patchEmail(user, other.email.toUpperCase());

    assert.equal(response.statusCode, 409);
    assert.equal(response.json<ProblemDocument>().errors?.[0]?.field, "email");
    assert.equal(findMailboxMessage(app, other.email.toUpperCase()), undefined);
  });

  test("rejects an address taken before verification", async () => {
    const user = await registerUser();
    const newEmail = `race-${uniqueSuffix()}@example.com`;
    await patchEmail(user, newEmail);
    const code = readCode(mailTo(newEmail).text);
    await buildUser(database.db, { email: newEmail });

    const response = await verifyEmail(user, code);

    assert.equal(response.statusCode, 409);
    assert.equal((await getMe(user)).email, user.email);
  });

  test("rejects an invalid email", async () => {
    const user = await registerUser();

    const response = await patchEmail(user, "not an email");

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ProblemDocument>().errors?.[0]?.field, "email");
  });

  test("changes nothing for the current email", async () => {
    const user = await registerUser();

    const response = await patchEmail(user, user.email.toUpperCase());

    assert.equal(response.statusCode, 200);
    assert.equal(
      response.json<Record<string, unknown>>().email_change,
      undefined,
    );
  });
});
