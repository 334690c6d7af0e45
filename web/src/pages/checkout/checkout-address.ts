// The address step's form: a choice among the address book's entries or a
// new address typed in. Before the session keeps an address, the web checks
// blank and too long fields, control characters, the country list and the
// phone number's leading +. The API validates the phone number itself when
// the order is placed, and its field errors come back to this form.
import type { Address } from "../../api/account-settings.js";
import type { Problem } from "../../api/client.js";
import type { TypedShippingAddress } from "../../api/orders.js";
import type { FieldError } from "../../errors.js";
import { countryChoices, countryName } from "../account/countries.js";
import { fieldErrorsFromProblem, findBlankFields } from "../account/forms.js";

/** The radio group's value for "a new address", beside address ids. */
export const newAddressChoice = "new";

/** The error of a saved address chosen earlier that has since gone. */
export const addressGoneMessage =
  "That address is no longer in your address book. Choose another one";

/** The form's fields and their labels, in form order. */
export const addressLabels = {
  address_choice: "Delivery address",
  name: "Full name",
  line1: "Address line 1",
  line2: "Address line 2",
  city: "Town or city",
  region: "County, state or province",
  postal_code: "Postcode or ZIP code",
  country: "Country",
  phone: "Phone number",
};

type AddressField = Exclude<keyof typeof addressLabels, "address_choice">;

const requiredAddressFields: Partial<Record<AddressField, string>> = {
  name: "Enter the full name of the recipient",
  line1: "Enter the first line of the address",
  city: "Enter the town or city",
  postal_code: "Enter the postcode or ZIP code",
  country: "Choose a country",
};

/** Maximum lengths in characters, as the API's checkout schema sets them. */
const maxAddressLengths: Record<AddressField, number> = {
  name: 100,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postal_code: 20,
  country: 10,
  phone: 40,
};

const addressFields = Object.keys(maxAddressLengths) as AddressField[];

/**
 * The most UTF-8 bytes a typed address may take. The session cookie keeps
 * it, browsers drop cookies over 4096 bytes, and the rest of the session
 * takes about 1300. Any address within the limits above in Latin letters
 * fits; long lines in scripts of 3 or 4 bytes per character may not.
 */
const maxTypedAddressBytes = 1_000;

// eslint-disable-next-line no-control-regex -- finding them is the purpose.
const controlCharacter = /[\u0000-\u001f\u007f]/;

const countryCodes = new Set(countryChoices.map((choice) => choice.code));

/** Country choices for the select field. */
export const selectableCountries = countryChoices.map((choice) => ({
  value: choice.code,
  label: choice.name,
}));

/** Returns the text of each typed address field, trimmed. */
function trimmedValues(
  values: Record<string, string>,
): Record<AddressField, string> {
  const trimmed = {} as Record<AddressField, string>;
  for (const field of addressFields) {
    trimmed[field] = (values[field] ?? "").trim();
  }
  return trimmed;
}

/** Returns the problem with one typed field, or undefined when it is fine. */
function checkAddressField(
  field: AddressField,
  value: string,
): string | undefined {
  const label = addressLabels[field];
  if (value.length > maxAddressLengths[field]) {
    return `${label} must be ${maxAddressLengths[field]} characters or fewer`;
  }
  if (controlCharacter.test(value)) {
    return `${label} must not contain line breaks or other control characters`;
  }
  if (field === "country" && value !== "" && !countryCodes.has(value)) {
    return "Choose a country from the list";
  }
  if (field === "phone" && value !== "" && !value.startsWith("+")) {
    return "Enter the phone number in international format, starting with + and the country code, such as +44 20 7946 0958";
  }
  return undefined;
}

/**
 * Checks a typed address. Returns the address for the API, or the errors
 * of its fields in form order.
 */
export function parseTypedAddress(
  values: Record<string, string>,
): { address: TypedShippingAddress } | { errors: FieldError[] } {
  const trimmed = trimmedValues(values);
  trimmed.country = trimmed.country.toUpperCase();
  const blank = findBlankFields(trimmed, requiredAddressFields);
  const blankFields = new Set(blank.map((error) => error.field));
  const errors = [...blank];
  for (const field of addressFields) {
    if (blankFields.has(field)) continue;
    const message = checkAddressField(field, trimmed[field]);
    if (message !== undefined) errors.push({ field, message });
  }
  if (errors.length === 0) {
    const oversized = findOversizedField(trimmed);
    if (oversized !== undefined) {
      errors.push({
        field: oversized,
        message: `${addressLabels[oversized]} is too long for the rest of the address: shorten it or another line`,
      });
    }
  }
  if (errors.length > 0) return { errors };
  return { address: trimmed };
}

/**
 * Returns the field that takes the most bytes when the whole address is
 * over maxTypedAddressBytes, or undefined when it fits.
 */
function findOversizedField(
  address: Record<AddressField, string>,
): AddressField | undefined {
  const bytesOf = (text: string): number => Buffer.byteLength(text, "utf8");
  if (bytesOf(JSON.stringify(address)) <= maxTypedAddressBytes) {
    return undefined;
  }
  return addressFields.reduce((largest, field) =>
    bytesOf(address[field]) > bytesOf(address[largest]) ? field : largest,
  );
}

/** Returns the form values of a typed address, to fill the form again. */
export function typedAddressValues(
  address: TypedShippingAddress,
): Record<string, string> {
  return {
    address_choice: newAddressChoice,
    name: address.name,
    line1: address.line1,
    line2: address.line2 ?? "",
    city: address.city,
    region: address.region ?? "",
    postal_code: address.postal_code,
    country: address.country,
    phone: address.phone ?? "",
  };
}

/** Builds the label of the radio button for an address book entry. */
export function describeSavedAddress(address: Address): string {
  return [
    address.name,
    address.line1,
    address.line2,
    address.city,
    address.region,
    address.postal_code,
    countryName(address.country),
  ]
    .filter((part) => part !== "")
    .join(", ");
}

/** API field names of the address and the form's labels for them. */
const apiAddressLabels: Record<string, string> = {
  shipping_address: addressLabels.address_choice,
  shipping_address_id: addressLabels.address_choice,
  ...Object.fromEntries(
    addressFields.map((field) => [
      `shipping_address.${field}`,
      addressLabels[field],
    ]),
  ),
};

/** True for an API field error that belongs to the address step. */
export function isAddressField(field: string): boolean {
  return field.startsWith("shipping_address");
}

/**
 * Converts the API's errors about the shipping address into errors of the
 * address form: `shipping_address.phone` becomes `phone`, and errors about
 * the address as a whole go to the radio group.
 */
export function addressErrorsFromProblem(
  problem: Problem | undefined,
): FieldError[] {
  const ownErrors = {
    ...problem,
    errors: (problem?.errors ?? []).filter((error) =>
      isAddressField(error.field),
    ),
  } as Problem;
  return fieldErrorsFromProblem(
    ownErrors,
    apiAddressLabels,
    "shipping_address",
  ).map((error) => {
    const field = error.field.startsWith("shipping_address.")
      ? error.field.slice("shipping_address.".length)
      : "address_choice";
    return { field, message: error.message };
  });
}
