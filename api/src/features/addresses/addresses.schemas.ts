import { Type, type Static } from "@sinclair/typebox";

/** Maximum lengths of the address fields, in characters. */
export const addressLimits = {
  name: 100,
  line: 200,
  city: 100,
  region: 100,
  postalCode: 20,
} as const;

const textFields = {
  name: Type.String({
    maxLength: addressLimits.name,
    description: `Recipient's full name, 1 to ${addressLimits.name} characters.`,
  }),
  line1: Type.String({
    maxLength: addressLimits.line,
    description: `First address line (street and number), 1 to ${addressLimits.line} characters.`,
  }),
  line2: Type.String({
    maxLength: addressLimits.line,
    description: `Second address line (flat, building), up to ${addressLimits.line} characters; empty for none.`,
  }),
  city: Type.String({
    maxLength: addressLimits.city,
    description: `City or town, 1 to ${addressLimits.city} characters.`,
  }),
  region: Type.String({
    maxLength: addressLimits.region,
    description: `State, province or county, up to ${addressLimits.region} characters; empty for none.`,
  }),
  postal_code: Type.String({
    maxLength: addressLimits.postalCode,
    description: `Postal or ZIP code, 1 to ${addressLimits.postalCode} characters.`,
  }),
  country: Type.String({
    maxLength: 10,
    description:
      "ISO 3166-1 alpha-2 country code such as GB or US, in any letter case; stored in capitals.",
  }),
  phone: Type.String({
    maxLength: 40,
    description:
      "Phone number for the carrier in international format (+44 20 7946 0958), stored in E.164 form; empty for none.",
  }),
  is_default_shipping: Type.Boolean({
    description:
      "Whether this is the default shipping address; setting it moves the default from the previous one. The first address is always the default.",
  }),
};

export const AddressCreateBody = Type.Object({
  name: textFields.name,
  line1: textFields.line1,
  line2: Type.Optional(textFields.line2),
  city: textFields.city,
  region: Type.Optional(textFields.region),
  postal_code: textFields.postal_code,
  country: textFields.country,
  phone: Type.Optional(textFields.phone),
  is_default_shipping: Type.Optional(textFields.is_default_shipping),
});
export type AddressCreateBody = Static<typeof AddressCreateBody>;

export const AddressUpdateBody = Type.Partial(AddressCreateBody, {
  description:
    "The fields to change; at least one. Send an empty line2, region or phone to clear it.",
});
export type AddressUpdateBody = Static<typeof AddressUpdateBody>;

export const AddressParams = Type.Object({
  id: Type.String({ format: "uuid", description: "Address id." }),
});

export const AddressResponse = Type.Object(
  {
    id: Type.String({ format: "uuid", description: "Address id." }),
    name: Type.String({ description: "Recipient's full name." }),
    line1: Type.String({ description: "First address line." }),
    line2: Type.String({ description: "Second address line; may be empty." }),
    city: Type.String({ description: "City or town." }),
    region: Type.String({
      description: "State, province or county; may be empty.",
    }),
    postal_code: Type.String({ description: "Postal or ZIP code." }),
    country: Type.String({
      description: "ISO 3166-1 alpha-2 country code in capitals.",
    }),
    phone: Type.String({
      description: "Phone number in E.164 form; may be empty.",
    }),
    is_default_shipping: Type.Boolean({
      description: "Whether this is the user's default shipping address.",
    }),
    created_at: Type.String({
      format: "date-time",
      description: "When the address was added.",
    }),
    updated_at: Type.String({
      format: "date-time",
      description: "When the address last changed.",
    }),
  },
  { $id: "Address", description: "An entry of the user's address book." },
);
export type AddressResponse = Static<typeof AddressResponse>;

export const AddressList = Type.Object({
  results: Type.Array(AddressResponse, {
    description:
      "The user's addresses: the default shipping address first, then the newest first.",
  }),
});
