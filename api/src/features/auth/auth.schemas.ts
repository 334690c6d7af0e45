import { Type, type Static } from "@sinclair/typebox";

import { userRoles } from "../../db/schema.js";

/** Longest password accepted on input; the policy allows 128 characters. */
const maxPasswordInputLength = 1024;
/** Refresh tokens are 43 characters; anything much longer is not one. */
const maxRefreshTokenLength = 256;

export const RegisterBody = Type.Object({
  email: Type.String({
    minLength: 1,
    maxLength: 320,
    description:
      "Email address; compared without letter case, stored as typed after trimming.",
  }),
  password: Type.String({
    maxLength: maxPasswordInputLength,
    description:
      "8 to 128 characters, not a common password and not the email or username. No character classes are required.",
  }),
  username: Type.Optional(
    Type.String({
      maxLength: 100,
      description:
        "Optional sign-in name: 3 to 30 letters, digits, dots, hyphens or underscores, starting with a letter or digit and containing a letter. Unique without letter case.",
    }),
  ),
  phone: Type.Optional(
    Type.String({
      maxLength: 40,
      description:
        "Optional phone number in international format (+44 20 7946 0958); stored in E.164 form.",
    }),
  ),
  first_name: Type.Optional(
    Type.String({ maxLength: 100, description: "Given name." }),
  ),
  last_name: Type.Optional(
    Type.String({ maxLength: 100, description: "Family name." }),
  ),
});
export type RegisterBody = Static<typeof RegisterBody>;

export const UserResponse = Type.Object({
  id: Type.String({ format: "uuid", description: "User id." }),
  email: Type.String({ description: "Email address as registered." }),
  username: Type.Union([Type.String(), Type.Null()], {
    description: "Username, or null when the user has none.",
  }),
  phone: Type.Union([Type.String(), Type.Null()], {
    description: "Phone number in E.164 form, or null.",
  }),
  first_name: Type.String({ description: "Given name; may be empty." }),
  last_name: Type.String({ description: "Family name; may be empty." }),
  role: Type.Union(
    userRoles.map((role) => Type.Literal(role)),
    { description: "customer, staff or admin." },
  ),
  email_verified: Type.Boolean({
    description: "Whether the user has proved they own the email address.",
  }),
  phone_verified: Type.Boolean({
    description: "Whether the user has proved they own the phone number.",
  }),
  created_at: Type.String({
    format: "date-time",
    description: "When the account was registered.",
  }),
});
export type UserResponse = Static<typeof UserResponse>;

export const TokenBody = Type.Object({
  login: Type.String({
    minLength: 1,
    maxLength: 320,
    description: "Email address, username or phone number.",
  }),
  password: Type.String({
    minLength: 1,
    maxLength: maxPasswordInputLength,
    description: "The account's password.",
  }),
  device_label: Type.Optional(
    Type.String({
      maxLength: 100,
      description:
        "A name for this sign-in shown in the session list, such as a browser and system.",
    }),
  ),
});
export type TokenBody = Static<typeof TokenBody>;

export const TokenResponse = Type.Object({
  access_token: Type.String({
    description: "JWT (EdDSA) to send as `Authorization: Bearer <token>`.",
  }),
  refresh_token: Type.String({
    description:
      "Opaque single-use token for POST /api/v1/auth/token/refresh; keep it secret.",
  }),
  token_type: Type.Literal("Bearer", { description: "Always Bearer." }),
  expires_in: Type.Integer({
    description: "Seconds until the access token expires.",
  }),
});
export type TokenResponse = Static<typeof TokenResponse>;

export const RefreshTokenBody = Type.Object({
  refresh_token: Type.String({
    minLength: 1,
    maxLength: maxRefreshTokenLength,
    description: "The refresh token from the last token response.",
  }),
});
export type RefreshTokenBody = Static<typeof RefreshTokenBody>;

export const PasswordChangeBody = Type.Object({
  current_password: Type.String({
    minLength: 1,
    maxLength: maxPasswordInputLength,
    description: "The password the user signs in with now.",
  }),
  new_password: Type.String({
    maxLength: maxPasswordInputLength,
    description: "The new password; the same rules as at registration.",
  }),
});
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

export const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.Literal("OKP", { description: "Key type: octet key pair." }),
      crv: Type.Literal("Ed25519", { description: "Curve." }),
      x: Type.String({ description: "Public key, base64url." }),
      kid: Type.String({ description: "Key id, as in the JWT header." }),
      alg: Type.Literal("EdDSA", { description: "Signature algorithm." }),
      use: Type.Literal("sig", { description: "Used for signatures." }),
    }),
    { description: "Every key that may have signed a live access token." },
  ),
});
