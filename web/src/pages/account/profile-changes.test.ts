import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { Profile } from "../../api/accounts.js";
import { toAddressBody } from "./addresses.routes.js";
import { findProfileChanges } from "./profile.routes.js";

const profile: Profile = {
  id: "7f1c2a52-41f4-4d71-9df4-2a3f0a0c1e11",
  email: "ada@example.com",
  username: "ada",
  phone: "+442079460958",
  first_name: "Ada",
  last_name: "Lovelace",
  role: "customer",
  email_verified: true,
  phone_verified: true,
  created_at: "2025-01-05T14:03:00.000Z",
};

const unchanged = {
  first_name: "Ada",
  last_name: "Lovelace",
  username: "ada",
  phone: "+442079460958",
  email: "ada@example.com",
};

describe("findProfileChanges", () => {
  test("finds nothing in an unchanged form", () => {
    assert.deepEqual(findProfileChanges(profile, unchanged), {});
  });

  test("ignores spaces and email letter case", () => {
    const values = {
      ...unchanged,
      first_name: " Ada ",
      email: "ADA@example.com",
    };

    assert.deepEqual(findProfileChanges(profile, values), {});
  });

  test("removes a blank username and phone", () => {
    const values = { ...unchanged, username: " ", phone: "" };

    assert.deepEqual(findProfileChanges(profile, values), {
      username: null,
      phone: null,
    });
  });

  test("sends a new email", () => {
    const values = { ...unchanged, email: "grace@example.com" };

    assert.deepEqual(findProfileChanges(profile, values), {
      email: "grace@example.com",
    });
  });
});

describe("toAddressBody", () => {
  test("trims fields and capitalises the country", () => {
    const body = toAddressBody({
      name: " Ada ",
      line1: "1 Lamp Street",
      city: "London",
      postal_code: " SW1A 1AA ",
      country: "gb",
      is_default_shipping: "yes",
    });

    assert.deepEqual(body, {
      name: "Ada",
      line1: "1 Lamp Street",
      line2: "",
      city: "London",
      region: "",
      postal_code: "SW1A 1AA",
      country: "GB",
      phone: "",
      is_default_shipping: true,
    });
  });
});
