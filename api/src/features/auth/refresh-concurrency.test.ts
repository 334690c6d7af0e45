// Concurrent refreshes of one token, over real HTTP so that the requests
// overlap in the database (on PostgreSQL each one gets its own pooled
// connection). Whatever the interleaving: no 5xx, at most one successor, and
// the family stays usable.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { decodeJwt } from "jose";

import type { DatabaseHandle } from "../../db/client.js";
import { refreshTokenFamilies } from "../../db/schema.js";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import {
  buildAuthTestApp,
  createTestClock,
  signIn,
  type TestClock,
  type TokenPairBody,
} from "./auth.test-helpers.js";

const parallelRequests = 10;
const rounds = 5;

let database: DatabaseHandle;
let app: FastifyInstance;
let clock: TestClock;
let baseUrl: string;

before(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await buildAuthTestApp(database, { clock });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
});

after(async () => {
  await app.close();
  await database.close();
});

interface RefreshOutcome {
  status: number;
  body: Partial<TokenPairBody> & { code?: string };
}

async function refreshOverHttp(refreshToken: string): Promise<RefreshOutcome> {
  const response = await fetch(`${baseUrl}/api/v1/auth/token/refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  const body = (await response.json()) as RefreshOutcome["body"];
  return { status: response.status, body };
}

function refreshAllAtOnce(refreshToken: string): Promise<RefreshOutcome[]> {
  return Promise.all(
    Array.from({ length: parallelRequests }, () =>
      refreshOverHttp(refreshToken),
    ),
  );
}

async function findFamilyRevokedReason(
  familyId: string,
): Promise<string | null | undefined> {
  const [family] = await database.db
    .select({ revokedReason: refreshTokenFamilies.revokedReason })
    .from(refreshTokenFamilies)
    .where(eq(refreshTokenFamilies.id, familyId));
  return family?.revokedReason;
}

function familyIdOf(pair: TokenPairBody): string {
  return String(decodeJwt(pair.access_token).sid);
}

describe("concurrent refreshes", () => {
  test("yield one successor per round", async () => {
    const user = await buildUser(database.db);
    const first = await signIn(app, {
      login: user.email,
      password: user.password,
    });
    const familyId = familyIdOf(first);
    let refreshToken = first.refresh_token;

    for (let round = 1; round <= rounds; round += 1) {
      const outcomes = await refreshAllAtOnce(refreshToken);

      const statuses = outcomes.map((outcome) => outcome.status);
      assert.deepEqual(
        statuses,
        Array(parallelRequests).fill(200),
        `round ${round} statuses`,
      );
      const successors = new Set(
        outcomes.map((outcome) => outcome.body.refresh_token),
      );
      assert.equal(successors.size, 1, `round ${round} successors`);
      const accessTokens = new Set(
        outcomes.map((outcome) => outcome.body.access_token),
      );
      assert.equal(accessTokens.size, 1, `round ${round} access tokens`);
      assert.equal(await findFamilyRevokedReason(familyId), null);
      refreshToken = [...successors][0] ?? "";
      clock.advanceSeconds(30);
    }
  });

  test("revoke the family on reuse without a 5xx", async () => {
    const user = await buildUser(database.db);
    const first = await signIn(app, {
      login: user.email,
      password: user.password,
    });
    const [rotated] = await refreshAllAtOnce(first.refresh_token);
    assert.equal(rotated?.status, 200);
    clock.advanceSeconds(6);

    const outcomes = await refreshAllAtOnce(first.refresh_token);

    for (const outcome of outcomes) {
      assert.equal(outcome.status, 401);
      assert.equal(outcome.body.code, "INVALID_REFRESH_TOKEN");
    }
    assert.equal(
      await findFamilyRevokedReason(familyIdOf(first)),
      "reuse_detected",
    );
    const successor = await refreshOverHttp(rotated?.body.refresh_token ?? "");
    assert.equal(successor.status, 401);
  });

  test("rotate a successor and replay its parent at once", async () => {
    const user = await buildUser(database.db);
    const first = await signIn(app, {
      login: user.email,
      password: user.password,
    });
    const second = await refreshOverHttp(first.refresh_token);
    const secondToken = second.body.refresh_token ?? "";

    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => refreshOverHttp(secondToken)),
      ...Array.from({ length: 5 }, () => refreshOverHttp(first.refresh_token)),
    ]);

    for (const outcome of outcomes) {
      assert.ok(outcome.status < 500, `status ${outcome.status}`);
    }
    const successors = new Set(
      outcomes
        .slice(0, 5)
        .filter((outcome) => outcome.status === 200)
        .map((outcome) => outcome.body.refresh_token),
    );
    assert.ok(successors.size <= 1, "one successor of the second token");
  });
});
