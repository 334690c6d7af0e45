// The texts of verification mail and SMS. They hold the code and the link,
// so they go to the mailer only, never to a log.
import type { MailMessage, SmsMessage } from "../mail/mailer.js";

export interface EmailVerificationContent {
  to: string;
  code: string;
  link: string;
  expiresInMinutes: number;
  purpose: "email" | "email_change";
}

export function buildEmailVerificationMessage(
  content: EmailVerificationContent,
): MailMessage {
  const subject =
    content.purpose === "email_change"
      ? "Confirm your new email address"
      : "Verify your email address";
  const reason =
    content.purpose === "email_change"
      ? "To make this your new Bazaar sign-in address"
      : "To verify the email address of your Bazaar account";
  const text = [
    `${reason}, enter this code: ${content.code}`,
    "",
    `Or open this link: ${content.link}`,
    "",
    `The code and the link expire in ${content.expiresInMinutes} minutes.`,
    "If you did not ask for this, ignore this message.",
    "",
  ].join("\n");
  return { to: content.to, subject, text };
}

export function buildPhoneVerificationMessage(content: {
  to: string;
  code: string;
  expiresInMinutes: number;
}): SmsMessage {
  return {
    to: content.to,
    text: `Your Bazaar verification code is ${content.code}. It expires in ${content.expiresInMinutes} minutes.`,
  };
}
