import type { AddressResponse } from "./addresses.schemas.js";
import type { AddressRow } from "./addresses.queries.js";

/** Maps an address row to the API's address object. */
export function presentAddress(address: AddressRow): AddressResponse {
  return {
    id: address.id,
    name: address.name,
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    region: address.region,
    postal_code: address.postalCode,
    country: address.country,
    phone: address.phone,
    is_default_shipping: address.isDefaultShipping,
    created_at: address.createdAt.toISOString(),
    updated_at: address.updatedAt.toISOString(),
  };
}
