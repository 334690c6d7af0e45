import { Type, type Static } from "@sinclair/typebox";

export const PasswordResetBody = Type.Object({
  email: Type.String({
    minLength: 1,
    maxLength: 320,
    description: "The email address of the account; letter case is ignored.",
  }),
});
export type PasswordResetBody = Static<typeof PasswordResetBody>;

export const PasswordResetConfirmBody = Type.Object({
  token: Type.String({
    minLength: 1,
    maxLength: 256,
    description: "The token from the reset link.",
  }),
  new_password: Type.String({
    maxLength: 1024,
    description: "The new password; the same rules as at registration.",
  }),
});
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>;
