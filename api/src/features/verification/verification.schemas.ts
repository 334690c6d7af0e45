import { Type, type Static } from "@sinclair/typebox";

export const VerificationSentResponse = Type.Object(
  {
    sent_to: Type.String({
      description: "The email address or phone number the code went to.",
    }),
    expires_in: Type.Integer({
      description: "Seconds until the code (and the link) expire.",
    }),
  },
  { $id: "VerificationSent" },
);
export type VerificationSentResponse = Static<typeof VerificationSentResponse>;

const CodeField = Type.String({
  minLength: 1,
  maxLength: 32,
  description: "The 6-digit code from the message; spaces are ignored.",
});

export const VerifyEmailBody = Type.Object({
  code: Type.Optional(CodeField),
  token: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 256,
      description:
        "The token from the link in the message; needs no access token. Send either code or token.",
    }),
  ),
});
export type VerifyEmailBody = Static<typeof VerifyEmailBody>;

export const VerifyPhoneBody = Type.Object({ code: CodeField });
export type VerifyPhoneBody = Static<typeof VerifyPhoneBody>;

export const EmailChangeField = Type.String({
  minLength: 1,
  maxLength: 320,
  description:
    "A new email address. It replaces the current one only once the code or link sent to it is used; until then the current address stays.",
});

export const EmailChangePending = Type.Object({
  email_change: Type.Optional(
    Type.Object(
      {
        sent_to: Type.String({
          description: "The new address, which got a code and a link.",
        }),
        expires_in: Type.Integer({
          description: "Seconds until the code and the link expire.",
        }),
      },
      {
        description:
          "Present when the request asked for a new email: a verification was sent to it, and `email` keeps the current address until it is verified.",
      },
    ),
  ),
});
