import { Type, type Static } from "@sinclair/typebox";

export const MailboxMessage = Type.Object({
  id: Type.String({ format: "uuid", description: "Message id." }),
  to: Type.String({
    description: "The recipient: an email address, or a phone number for SMS.",
  }),
  subject: Type.String({
    description: 'The subject; "SMS" for text messages.',
  }),
  text: Type.String({ description: "The plain-text body." }),
  sent_at: Type.String({
    format: "date-time",
    description: "When the API sent the message.",
  }),
});

export const Mailbox = Type.Object(
  {
    messages: Type.Array(MailboxMessage, {
      description: "The last 100 messages, newest first.",
    }),
  },
  { $id: "DevMailbox" },
);
export type Mailbox = Static<typeof Mailbox>;
