import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import {
  addresses,
  orders,
  refreshTokenFamilies,
  refreshTokens,
  users,
} from "../../db/schema.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { createTestDatabase } from "../../test/database.js";
import { addToMyCart, placeOrder } from "../../test/checkout.js";
import {
  buildProduct,
  buildUser,
  type BuiltUser,
} from "../../test/factories.js";
import {
  bearer,
  buildAuthTestApp,
  createTestClock,
  refresh,
  signIn,
  type TestClock,
  type TokenPairBody,
} from "../auth/auth.test-helpers.js";
import type { AccountExport } from "./me.schemas.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let clock: TestClock;

before(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2025-03-14T09:26:53Z"));
  app = await buildAuthTestApp(database, { clock });
});

after(async () => {
  await app.close();
  await database.close();
});

function signInAs(
  user: BuiltUser,
  deviceLabel?: string,
): Promise<TokenPairBody> {
  return signIn(app, {
    login: user.email,
    password: user.password,
    ...(deviceLabel ? { deviceLabel } : {}),
  });
}

function deleteMe(
  token: string,
  payload: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "DELETE",
    url: "/api/v1/me",
    headers: bearer(token),
    payload,
  });
}

function exportMe(token: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "GET",
    url: "/api/v1/me/export",
    headers: bearer(token),
  });
}

async function addAddress(token: string, name: string): Promise<void> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/me/addresses",
    headers: bearer(token),
    payload: {
      name,
      line1: "1 Rue de Rivoli",
      city: "Paris",
      postal_code: "75001",
      country: "FR",
    },
  });
  assert.equal(response.statusCode, 201, response.body);
}

async function countRows(userId: string): Promise<Record<string, number>> {
  const families = await database.db
    .select({ id: refreshTokenFamilies.id })
    .from(refreshTokenFamilies)
    .where(eq(refreshTokenFamilies.userId, userId));
  const tokens = await database.db
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .innerJoin(
      refreshTokenFamilies,
      eq(refreshTokens.familyId, refreshTokenFamilies.id),
    )
    .where(eq(refreshTokenFamilies.userId, userId));
  return {
    users: await database.db.$count(users, eq(users.id, userId)),
    families: families.length,
    tokens: tokens.length,
    addresses: await database.db.$count(
      addresses,
      eq(addresses.userId, userId),
    ),
  };
}

describe("DELETE /me", () => {
  test("rejects a wrong password as field error", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);

    const response = await deleteMe(pair.access_token, {
      password: `${user.password}x`,
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<ProblemDocument>();
    assert.equal(problem.code, "VALIDATION_FAILED");
    assert.deepEqual(problem.errors, [
      { field: "password", message: "password is wrong." },
    ]);
    assert.equal((await countRows(user.id)).users, 1);
    assert.equal((await refresh(app, pair.refresh_token)).statusCode, 200);
  });

  test("requires the password field", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);

    const response = await deleteMe(pair.access_token, {});

    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json<ProblemDocument>().errors?.[0]?.field,
      "password",
    );
  });

  test("deletes the account and its data", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user, "Laptop");
    const other = await signInAs(user, "Phone");
    await addAddress(pair.access_token, "Home");
    assert.deepEqual(await countRows(user.id), {
      users: 1,
      families: 2,
      tokens: 2,
      addresses: 1,
    });

    const response = await deleteMe(pair.access_token, {
      password: user.password,
    });

    assert.equal(response.statusCode, 204);
    assert.equal(response.body, "");
    assert.deepEqual(await countRows(user.id), {
      users: 0,
      families: 0,
      tokens: 0,
      addresses: 0,
    });
    assert.equal((await refresh(app, pair.refresh_token)).statusCode, 401);
    assert.equal((await refresh(app, other.refresh_token)).statusCode, 401);
    const signInAgain = await app.inject({
      method: "POST",
      url: "/api/v1/auth/token",
      payload: { login: user.email, password: user.password },
    });
    assert.equal(signInAgain.statusCode, 401);
  });

  test("keeps orders without personal data", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);
    const product = await buildProduct(database.db);
    const headers = { authorization: `Bearer ${pair.access_token}` };
    await addToMyCart(app, headers, product.variants[0]!.id, 1);
    const placed = await placeOrder(app, headers);
    assert.equal(placed.statusCode, 201, placed.body);
    const { number } = placed.json<{ number: string }>();

    const response = await deleteMe(pair.access_token, {
      password: user.password,
    });

    assert.equal(response.statusCode, 204);
    const [order] = await database.db
      .select()
      .from(orders)
      .where(eq(orders.number, number));
    assert.ok(order, "the order is kept");
    assert.equal(order.userId, null);
    assert.equal(order.email, "");
    assert.equal(order.shippingAddress.name, "");
    assert.equal(order.shippingAddress.line1, "");
    assert.equal(order.shippingAddress.country, "GB");
  });

  test("deletes after a wrong attempt", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);
    await deleteMe(pair.access_token, { password: "not the password" });

    const response = await deleteMe(pair.access_token, {
      password: user.password,
    });

    assert.equal(response.statusCode, 204);
    assert.equal((await countRows(user.id)).users, 0);
  });

  test("rejects the old access token afterwards", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);
    await deleteMe(pair.access_token, { password: user.password });

    const again = await deleteMe(pair.access_token, {
      password: user.password,
    });
    const addressPost = await app.inject({
      method: "POST",
      url: "/api/v1/me/addresses",
      headers: bearer(pair.access_token),
      payload: {
        name: "Ghost",
        line1: "1 Nowhere",
        city: "Paris",
        postal_code: "75001",
        country: "FR",
      },
    });

    assert.equal(again.statusCode, 401);
    assert.equal(addressPost.statusCode, 401);
  });

  test("leaves other users untouched", async () => {
    const user = await buildUser(database.db);
    const bystander = await buildUser(database.db);
    const bystanderPair = await signInAs(bystander);
    const pair = await signInAs(user);

    await deleteMe(pair.access_token, { password: user.password });

    assert.equal((await countRows(bystander.id)).users, 1);
    const refreshed = await refresh(app, bystanderPair.refresh_token);
    assert.equal(refreshed.statusCode, 200);
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "DELETE",
      url: "/api/v1/me",
      payload: { password: "anything" },
    });

    assert.equal(response.statusCode, 401);
  });
});

describe("GET /me/export", () => {
  test("sends an attachment named by date", async () => {
    const pair = await signInAs(await buildUser(database.db));

    const response = await exportMe(pair.access_token);

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(
      response.headers["content-disposition"],
      `attachment; filename="bazaar-export-${clock.now().toISOString().slice(0, 10)}.json"`,
    );
    assert.match(String(response.headers["content-type"]), /application\/json/);
    assert.equal(response.headers["cache-control"], "no-store");
  });

  test("contains profile, addresses and sessions", async () => {
    const user = await buildUser(database.db, { firstName: "Export" });
    const laptop = await signInAs(user, "Laptop");
    const phone = await signInAs(user, "Phone");
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/token/revoke",
      payload: { refresh_token: phone.refresh_token },
    });
    await addAddress(laptop.access_token, "Home");

    const response = await exportMe(laptop.access_token);

    const body = response.json<AccountExport>();
    assert.equal(body.profile.id, user.id);
    assert.equal(body.profile.email, user.email);
    assert.equal(body.profile.first_name, "Export");
    assert.equal(body.profile.role, "customer");
    assert.deepEqual(
      body.addresses.map((address) => address.name),
      ["Home"],
    );
    const sessions = new Map(
      body.sessions.map((session) => [session.device_label, session]),
    );
    assert.equal(sessions.size, 2);
    assert.equal(sessions.get("Laptop")?.revoked_at, null);
    assert.equal(sessions.get("Phone")?.revoked_reason, "sign_out");
    assert.equal(body.exported_at, clock.now().toISOString());
  });

  test("lists the user's orders", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);
    const product = await buildProduct(database.db);
    const headers = { authorization: `Bearer ${pair.access_token}` };
    await addToMyCart(app, headers, product.variants[0]!.id, 2);
    const placed = await placeOrder(app, headers);
    assert.equal(placed.statusCode, 201, placed.body);

    const response = await exportMe(pair.access_token);

    const data = response.json<AccountExport>();
    assert.equal(data.orders.length, 1);
    assert.equal(
      data.orders[0]?.number,
      placed.json<{ number: string }>().number,
    );
  });

  test("contains no secrets", async () => {
    const user = await buildUser(database.db);
    const pair = await signInAs(user);
    await refresh(app, pair.refresh_token);
    const [stored] = await database.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, user.id));
    const tokenHashes = await database.db
      .select({ tokenHash: refreshTokens.tokenHash })
      .from(refreshTokens)
      .innerJoin(
        refreshTokenFamilies,
        eq(refreshTokens.familyId, refreshTokenFamilies.id),
      )
      .where(eq(refreshTokenFamilies.userId, user.id));

    const response = await exportMe(pair.access_token);

    const text = response.body;
    assert.equal(response.statusCode, 200);
    assert.ok(stored);
    assert.ok(!text.includes(stored.passwordHash), "password hash exported");
    assert.ok(!text.includes(user.password), "password exported");
    assert.equal(tokenHashes.length, 2);
    for (const { tokenHash } of tokenHashes) {
      assert.ok(!text.includes(tokenHash), "token hash exported");
    }
    assert.ok(!text.includes(pair.refresh_token), "refresh token exported");
    assert.doesNotMatch(text, /password_hash|token_hash|"\$argon2/);
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/me/export",
    });

    assert.equal(response.statusCode, 401);
  });
});
