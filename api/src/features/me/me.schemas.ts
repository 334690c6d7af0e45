import { Type, type Static } from "@sinclair/typebox";

import { AddressResponse } from "../addresses/addresses.schemas.js";
import { OrderSummarySchema } from "../orders/orders.schemas.js";

export const Session = Type.Object({
  id: Type.String({ format: "uuid", description: "Session id." }),
  device_label: Type.Union([Type.String(), Type.Null()], {
    description: "The label given at sign-in, or null.",
  }),
  created_at: Type.String({
    format: "date-time",
    description: "When the user signed in.",
  }),
  last_used_at: Type.String({
    format: "date-time",
    description: "When the session last refreshed its tokens.",
  }),
  current: Type.Boolean({
    description: "Whether this is the session of the request's access token.",
  }),
});
export type Session = Static<typeof Session>;

export const SessionList = Type.Object({
  results: Type.Array(Session, {
    description: "Active sessions, most recently used first.",
  }),
});

export const SessionParams = Type.Object({
  id: Type.String({ format: "uuid", description: "Session id." }),
});

export const ProfileUpdateBody = Type.Object(
  {
    first_name: Type.Optional(
      Type.String({
        maxLength: 100,
        description: "Given name, up to 100 characters; empty to clear.",
      }),
    ),
    last_name: Type.Optional(
      Type.String({
        maxLength: 100,
        description: "Family name, up to 100 characters; empty to clear.",
      }),
    ),
    username: Type.Optional(
      Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
        description:
          "Sign-in name: 3 to 30 letters, digits, dots, hyphens or underscores, starting with a letter or digit and containing a letter. Unique without letter case. null or empty removes it.",
      }),
    ),
    phone: Type.Optional(
      Type.Union([Type.String({ maxLength: 40 }), Type.Null()], {
        description:
          "Phone number in international format (+44 20 7946 0958), stored in E.164 form and unique. A different number is unverified until proven again. null or empty removes it.",
      }),
    ),
  },
  { description: "The profile fields to change; at least one." },
);
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

export const AccountDeleteBody = Type.Object({
  password: Type.String({
    minLength: 1,
    maxLength: 1024,
    description: "The account's password, entered again to confirm.",
  }),
});
export type AccountDeleteBody = Static<typeof AccountDeleteBody>;

const nullableDateTime = (description: string) =>
  Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
    description,
  });

export const ExportedProfile = Type.Object({
  id: Type.String({ format: "uuid", description: "User id." }),
  email: Type.String({ description: "Email address." }),
  username: Type.Union([Type.String(), Type.Null()], {
    description: "Username, or null.",
  }),
  phone: Type.Union([Type.String(), Type.Null()], {
    description: "Phone number in E.164 form, or null.",
  }),
  first_name: Type.String({ description: "Given name; may be empty." }),
  last_name: Type.String({ description: "Family name; may be empty." }),
  role: Type.String({ description: "customer, staff or admin." }),
  is_active: Type.Boolean({ description: "Whether the account may sign in." }),
  email_verified_at: nullableDateTime(
    "When the email address was proven, or null.",
  ),
  phone_verified_at: nullableDateTime(
    "When the phone number was proven, or null.",
  ),
  password_changed_at: Type.String({
    format: "date-time",
    description: "When the password was last set.",
  }),
  created_at: Type.String({
    format: "date-time",
    description: "When the account was registered.",
  }),
  updated_at: Type.String({
    format: "date-time",
    description: "When the profile last changed.",
  }),
});
export type ExportedProfile = Static<typeof ExportedProfile>;

export const ExportedSession = Type.Object({
  id: Type.String({ format: "uuid", description: "Session id." }),
  device_label: Type.Union([Type.String(), Type.Null()], {
    description: "The label given at sign-in, or null.",
  }),
  created_at: Type.String({
    format: "date-time",
    description: "When the user signed in.",
  }),
  last_used_at: Type.String({
    format: "date-time",
    description: "When the session last refreshed its tokens.",
  }),
  expires_at: Type.String({
    format: "date-time",
    description: "When the session ends unless it is used again.",
  }),
  revoked_at: nullableDateTime("When the session was ended, or null."),
  revoked_reason: Type.Union([Type.String(), Type.Null()], {
    description:
      "Why the session ended (sign_out, sign_out_all, session_ended, password_changed, reuse_detected), or null.",
  }),
});
export type ExportedSession = Static<typeof ExportedSession>;

export const AccountExport = Type.Object(
  {
    exported_at: Type.String({
      format: "date-time",
      description: "When the export was made.",
    }),
    profile: ExportedProfile,
    addresses: Type.Array(AddressResponse, {
      description: "The address book, default shipping address first.",
    }),
    sessions: Type.Array(ExportedSession, {
      description: "Every sign-in, ended ones included, newest first.",
    }),
    orders: Type.Array(OrderSummarySchema, {
      description: "The user's orders, newest first.",
    }),
  },
  {
    $id: "AccountExport",
    description:
      "Everything stored about the user, without secrets such as the password hash or token hashes.",
  },
);
export type AccountExport = Static<typeof AccountExport>;
