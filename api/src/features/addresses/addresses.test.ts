import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";

import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import type { DatabaseHandle } from "../../db/client.js";
import { addresses } from "../../db/schema.js";
import type { ProblemDocument } from "../../plugins/problem-details.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import {
  bearer,
  buildAuthTestApp,
  createTestClock,
  signIn,
  type TestClock,
} from "../auth/auth.test-helpers.js";
import type { AddressResponse } from "./addresses.schemas.js";
import { maxAddressesPerUser } from "./addresses.service.js";

let database: DatabaseHandle;
let app: FastifyInstance;
let clock: TestClock;

before(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await buildAuthTestApp(database, { clock });
});

after(async () => {
  await app.close();
  await database.close();
});

/** Registers a user, signs in and returns the access token and user id. */
async function signInNewUser(): Promise<{ token: string; userId: string }> {
  const user = await buildUser(database.db);
  const pair = await signIn(app, {
    login: user.email,
    password: user.password,
  });
  return { token: pair.access_token, userId: user.id };
}

function validAddress(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: "Ada Lovelace",
    line1: "12 St James's Square",
    city: "London",
    postal_code: "SW1Y 4JH",
    country: "GB",
    ...overrides,
  };
}

function postAddress(
  token: string,
  payload: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/api/v1/me/addresses",
    headers: bearer(token),
    payload,
  });
}

async function createAddress(
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<AddressResponse> {
  // Each address gets its own creation time, so "newest" is well defined.
  clock.advanceSeconds(1);
  const response = await postAddress(token, validAddress(overrides));
  assert.equal(response.statusCode, 201, response.body);
  return response.json<AddressResponse>();
}

function patchAddress(
  token: string,
  id: string,
  payload: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "PATCH",
    url: `/api/v1/me/addresses/${id}`,
    headers: bearer(token),
    payload,
  });
}

function deleteAddress(
  token: string,
  id: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "DELETE",
    url: `/api/v1/me/addresses/${id}`,
    headers: bearer(token),
  });
}

async function listAddresses(token: string): Promise<AddressResponse[]> {
  const response = await app.inject({
    method: "GET",
    url: "/api/v1/me/addresses",
    headers: bearer(token),
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ results: AddressResponse[] }>().results;
}

function defaultIds(list: AddressResponse[]): string[] {
  return list.filter((entry) => entry.is_default_shipping).map((a) => a.id);
}

function fieldMessages(response: LightMyRequestResponse): Map<string, string> {
  const problem = response.json<ProblemDocument>();
  return new Map(
    (problem.errors ?? []).map((error) => [error.field, error.message]),
  );
}

describe("POST /me/addresses", () => {
  test("creates the first address as default", async () => {
    const { token } = await signInNewUser();

    const response = await postAddress(
      token,
      validAddress({
        name: "  Ada Lovelace ",
        line2: "Flat 3",
        region: "Greater London",
        country: "gb",
        phone: "+44 20 7946 0958",
      }),
    );

    assert.equal(response.statusCode, 201, response.body);
    const address = response.json<AddressResponse>();
    assert.equal(address.name, "Ada Lovelace");
    assert.equal(address.line2, "Flat 3");
    assert.equal(address.region, "Greater London");
    assert.equal(address.postal_code, "SW1Y 4JH");
    assert.equal(address.country, "GB");
    assert.equal(address.phone, "+442079460958");
    assert.equal(address.is_default_shipping, true);
  });

  test("leaves optional fields empty", async () => {
    const { token } = await signInNewUser();

    const address = await createAddress(token);

    assert.equal(address.line2, "");
    assert.equal(address.region, "");
    assert.equal(address.phone, "");
  });

  test("keeps the first default for later addresses", async () => {
    const { token } = await signInNewUser();
    const first = await createAddress(token);

    const second = await createAddress(token, { is_default_shipping: false });
    const third = await createAddress(token);

    assert.equal(second.is_default_shipping, false);
    assert.equal(third.is_default_shipping, false);
    assert.deepEqual(defaultIds(await listAddresses(token)), [first.id]);
  });

  test("moves the default to a new default address", async () => {
    const { token } = await signInNewUser();
    await createAddress(token);

    const second = await createAddress(token, { is_default_shipping: true });

    assert.equal(second.is_default_shipping, true);
    assert.deepEqual(defaultIds(await listAddresses(token)), [second.id]);
  });

  test("rejects missing required fields", async () => {
    const { token } = await signInNewUser();

    const response = await postAddress(token, {});

    assert.equal(response.statusCode, 400);
    const messages = fieldMessages(response);
    for (const field of ["name", "line1", "city", "postal_code", "country"]) {
      assert.equal(messages.get(field), `${field} is required.`);
    }
  });

  test("rejects each invalid field with its message", async () => {
    const { token } = await signInNewUser();

    const response = await postAddress(token, {
      name: "   ",
      line1: "Line\nbreak",
      city: "",
      postal_code: " ",
      country: "XX",
      phone: "12345",
    });

    assert.equal(response.statusCode, 400);
    const messages = fieldMessages(response);
    assert.equal(messages.get("name"), "name must not be blank.");
    assert.equal(
      messages.get("line1"),
      "line1 must not contain control characters such as line breaks.",
    );
    assert.equal(messages.get("city"), "city must not be blank.");
    assert.equal(messages.get("postal_code"), "postal_code must not be blank.");
    assert.match(messages.get("country") ?? "", /ISO 3166-1 alpha-2/);
    assert.match(messages.get("phone") ?? "", /international format/);
  });

  for (const country of ["XX", "ZZ", "EU", "UK", "G", "GBR", "12"]) {
    test(`rejects country code ${country}`, async () => {
      const { token } = await signInNewUser();

      const response = await postAddress(token, validAddress({ country }));

      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual([...fieldMessages(response).keys()], ["country"]);
    });
  }

  test("rejects values over the length limits", async () => {
    const { token } = await signInNewUser();

    const response = await postAddress(
      token,
      validAddress({
        name: "n".repeat(101),
        line1: "l".repeat(201),
        line2: "l".repeat(201),
        postal_code: "1".repeat(21),
      }),
    );

    assert.equal(response.statusCode, 400);
    const messages = fieldMessages(response);
    assert.equal(
      messages.get("name"),
      "name must be at most 100 characters long.",
    );
    assert.equal(
      messages.get("line1"),
      "line1 must be at most 200 characters long.",
    );
    assert.equal(
      messages.get("line2"),
      "line2 must be at most 200 characters long.",
    );
    assert.equal(
      messages.get("postal_code"),
      "postal_code must be at most 20 characters long.",
    );
  });

  test("rejects an address past the limit", async () => {
    const { token, userId } = await signInNewUser();
    const created = new Date();
    await database.db.insert(addresses).values(
      Array.from({ length: maxAddressesPerUser }, (_, index) => ({
        id: randomUUID(),
        userId,
        name: `Recipient ${index}`,
        line1: "1 High Street",
        city: "Leeds",
        postalCode: "LS1 1AA",
        country: "GB",
        isDefaultShipping: index === 0,
        createdAt: created,
        updatedAt: created,
      })),
    );

    const response = await postAddress(token, validAddress());

    assert.equal(response.statusCode, 409);
    assert.equal(response.json<ProblemDocument>().code, "CONFLICT");
    assert.match(response.json<ProblemDocument>().detail, /at most 50/);
    assert.equal((await listAddresses(token)).length, maxAddressesPerUser);
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/me/addresses",
      payload: validAddress(),
    });

    assert.equal(response.statusCode, 401);
    assert.equal(
      response.json<ProblemDocument>().code,
      "AUTHENTICATION_REQUIRED",
    );
  });
});

describe("GET /me/addresses", () => {
  test("lists the default first, then newest", async () => {
    const { token } = await signInNewUser();
    const first = await createAddress(token, { name: "First" });
    const second = await createAddress(token, { name: "Second" });
    const third = await createAddress(token, { name: "Third" });

    const list = await listAddresses(token);

    assert.deepEqual(
      list.map((entry) => entry.id),
      [first.id, third.id, second.id],
    );
  });

  test("shows only the user's own addresses", async () => {
    const owner = await signInNewUser();
    await createAddress(owner.token);
    const other = await signInNewUser();

    const list = await listAddresses(other.token);

    assert.deepEqual(list, []);
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/me/addresses",
    });

    assert.equal(response.statusCode, 401);
  });
});

describe("GET /me/addresses/{id}", () => {
  test("returns one address", async () => {
    const { token } = await signInNewUser();
    const address = await createAddress(token);

    const response = await app.inject({
      method: "GET",
      url: `/api/v1/me/addresses/${address.id}`,
      headers: bearer(token),
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), address);
  });

  test("returns 404 for another user's address", async () => {
    const owner = await signInNewUser();
    const address = await createAddress(owner.token);
    const intruder = await signInNewUser();

    const response = await app.inject({
      method: "GET",
      url: `/api/v1/me/addresses/${address.id}`,
      headers: bearer(intruder.token),
    });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<ProblemDocument>().code, "NOT_FOUND");
  });
});

describe("PATCH /me/addresses/{id}", () => {
  test("changes only the given fields", async () => {
    const { token } = await signInNewUser();
    const address = await createAddress(token, { line2: "Flat 3" });
    clock.advanceSeconds(60);

    const response = await patchAddress(token, address.id, {
      city: " Manchester ",
      line2: "",
      country: "ie",
    });

    assert.equal(response.statusCode, 200, response.body);
    const updated = response.json<AddressResponse>();
    assert.equal(updated.city, "Manchester");
    assert.equal(updated.line2, "");
    assert.equal(updated.country, "IE");
    assert.equal(updated.name, address.name);
    assert.equal(updated.postal_code, address.postal_code);
    assert.equal(updated.updated_at, clock.now().toISOString());
    assert.equal(updated.created_at, address.created_at);
  });

  test("moves the default in one change", async () => {
    const { token } = await signInNewUser();
    const first = await createAddress(token);
    const second = await createAddress(token);

    const response = await patchAddress(token, second.id, {
      is_default_shipping: true,
    });

    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(defaultIds(await listAddresses(token)), [second.id]);
    assert.notEqual(first.id, second.id);
  });

  test("rejects turning off the default", async () => {
    const { token } = await signInNewUser();
    const address = await createAddress(token);

    const response = await patchAddress(token, address.id, {
      is_default_shipping: false,
    });

    assert.equal(response.statusCode, 400);
    assert.match(
      fieldMessages(response).get("is_default_shipping") ?? "",
      /make another address the default/,
    );
    assert.deepEqual(defaultIds(await listAddresses(token)), [address.id]);
  });

  test("rejects an invalid field", async () => {
    const { token } = await signInNewUser();
    const address = await createAddress(token);

    const response = await patchAddress(token, address.id, {
      country: "ZZ",
      name: "",
    });

    assert.equal(response.statusCode, 400);
    const messages = fieldMessages(response);
    assert.match(messages.get("country") ?? "", /ISO 3166-1 alpha-2/);
    assert.equal(messages.get("name"), "name must not be blank.");
    const [unchanged] = await listAddresses(token);
    assert.equal(unchanged?.country, "GB");
  });

  test("rejects a body without known fields", async () => {
    const { token } = await signInNewUser();
    const address = await createAddress(token);

    const response = await patchAddress(token, address.id, { colour: "red" });

    assert.equal(response.statusCode, 400);
    assert.match(fieldMessages(response).get("body") ?? "", /at least one/);
  });

  test("returns 404 for another user's address", async () => {
    const owner = await signInNewUser();
    const address = await createAddress(owner.token, { city: "York" });
    const intruder = await signInNewUser();

    const response = await patchAddress(intruder.token, address.id, {
      city: "Hull",
    });

    assert.equal(response.statusCode, 404);
    const [kept] = await listAddresses(owner.token);
    assert.equal(kept?.city, "York");
  });

  test("returns 404 for an unknown id", async () => {
    const { token } = await signInNewUser();

    const response = await patchAddress(token, randomUUID(), { city: "Hull" });

    assert.equal(response.statusCode, 404);
  });

  test("rejects a malformed id with 400", async () => {
    const { token } = await signInNewUser();

    const response = await patchAddress(token, "1; drop table", {
      city: "Hull",
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ProblemDocument>().code, "VALIDATION_FAILED");
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "PATCH",
      url: `/api/v1/me/addresses/${randomUUID()}`,
      payload: { city: "Hull" },
    });

    assert.equal(response.statusCode, 401);
  });
});

describe("DELETE /me/addresses/{id}", () => {
  test("deletes an address", async () => {
    const { token } = await signInNewUser();
    const remaining = await createAddress(token);
    const removed = await createAddress(token);

    const response = await deleteAddress(token, removed.id);

    assert.equal(response.statusCode, 204);
    assert.equal(response.body, "");
    const list = await listAddresses(token);
    assert.deepEqual(
      list.map((entry) => entry.id),
      [remaining.id],
    );
  });

  test("makes the newest remaining address default", async () => {
    const { token } = await signInNewUser();
    const first = await createAddress(token);
    const second = await createAddress(token);
    const third = await createAddress(token);
    await createAddress(token);
    await deleteAddress(token, (await listAddresses(token))[1]?.id ?? "");

    const response = await deleteAddress(token, first.id);

    assert.equal(response.statusCode, 204);
    const list = await listAddresses(token);
    assert.deepEqual(defaultIds(list), [third.id]);
    assert.deepEqual(
      list.map((entry) => entry.id),
      [third.id, second.id],
    );
  });

  test("leaves no default when the last goes", async () => {
    const { token } = await signInNewUser();
    const only = await createAddress(token);
    await deleteAddress(token, only.id);

    const next = await createAddress(token);

    assert.equal(next.is_default_shipping, true);
  });

  test("returns 404 for another user's address", async () => {
    const owner = await signInNewUser();
    const address = await createAddress(owner.token);
    const intruder = await signInNewUser();

    const response = await deleteAddress(intruder.token, address.id);

    assert.equal(response.statusCode, 404);
    assert.equal((await listAddresses(owner.token)).length, 1);
  });

  test("returns 404 for a deleted address", async () => {
    const { token } = await signInNewUser();
    const address = await createAddress(token);
    await deleteAddress(token, address.id);

    const response = await deleteAddress(token, address.id);

    assert.equal(response.statusCode, 404);
  });

  test("rejects a malformed id with 400", async () => {
    const { token } = await signInNewUser();

    const response = await deleteAddress(token, "not-a-uuid");

    assert.equal(response.statusCode, 400);
  });

  test("requires an access token", async () => {
    const response = await app.inject({
      method: "DELETE",
      url: `/api/v1/me/addresses/${randomUUID()}`,
    });

    assert.equal(response.statusCode, 401);
  });
});
