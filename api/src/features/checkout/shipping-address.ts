// Checks a shipping address typed at checkout with the address book's rules,
// or loads one from the user's address book.
import type { Database } from "../../db/client.js";
import type { OrderAddress } from "../../db/schema.js";
import { AppError, notFound, type FieldError } from "../../errors.js";
import { findAddress } from "../addresses/addresses.queries.js";
import { isCountryCode } from "../addresses/countries.js";
import { normalisePhone, phoneRule } from "../auth/identifiers.js";

export interface ShippingAddressInput {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
  phone?: string | undefined;
}

const controlCharacterPattern = /\p{Cc}/u;

const textFields = [
  { key: "name", field: "name", isRequired: true },
  { key: "line1", field: "line1", isRequired: true },
  { key: "line2", field: "line2", isRequired: false },
  { key: "city", field: "city", isRequired: true },
  { key: "region", field: "region", isRequired: false },
  { key: "postalCode", field: "postal_code", isRequired: true },
] as const;

/**
 * Trims and checks an address. Throws VALIDATION_FAILED with one entry per
 * invalid field, named `shipping_address.<field>`.
 */
export function assertShippingAddressValid(
  input: ShippingAddressInput,
): OrderAddress {
  const errors: FieldError[] = [];
  const reject = (field: string, rule: string): void => {
    const name = `shipping_address.${field}`;
    errors.push({ field: name, message: `${name} ${rule}.` });
  };
  const address: OrderAddress = {
    name: "",
    line1: "",
    line2: "",
    city: "",
    region: "",
    postalCode: "",
    country: "",
    phone: "",
  };
  for (const { key, field, isRequired } of textFields) {
    const value = (input[key] ?? "").trim();
    if (isRequired && value === "") reject(field, "must not be blank");
    else if (controlCharacterPattern.test(value)) {
      reject(field, "must not contain control characters such as line breaks");
    } else address[key] = value;
  }
  const country = input.country.trim().toUpperCase();
  if (isCountryCode(country)) address.country = country;
  else reject("country", "must be an ISO 3166-1 alpha-2 code such as GB");
  const phone = (input.phone ?? "").trim();
  const normalised = phone === "" ? "" : normalisePhone(phone);
  if (normalised === undefined) reject("phone", phoneRule);
  else address.phone = normalised;

  if (errors.length > 0) {
    const detail = errors.map((error) => error.message).join(" ");
    throw new AppError("VALIDATION_FAILED", detail, errors);
  }
  return address;
}

/**
 * Copies an entry of the user's address book. Throws NOT_FOUND for any id
 * that is not one of the user's addresses.
 */
export async function loadShippingAddressOrThrow(
  db: Database,
  userId: string,
  addressId: string,
): Promise<OrderAddress> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(addressId);
  const row = isUuid ? await findAddress(db, userId, addressId) : undefined;
  if (!row) throw notFound("address", addressId);
  return {
    name: row.name,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postalCode,
    country: row.country,
    phone: row.phone,
  };
}
