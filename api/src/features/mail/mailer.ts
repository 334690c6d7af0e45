// Outgoing mail and SMS. With SMTP_URL set, mail goes out through nodemailer.
// Without it, each message is kept in the development mailbox and only its
// recipient and subject are logged. Messages carry verification codes and
// reset links, which are secrets, so no log line here contains a body.
import { randomUUID } from "node:crypto";

import type { FastifyBaseLogger } from "fastify";
import nodemailer from "nodemailer";

/** One outgoing email. `text` and `html` may contain secrets. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** Sends one message. Rejects when the mail server refuses it. */
  send(message: MailMessage): Promise<void>;
  /** Closes open connections to the mail server. */
  close(): Promise<void>;
}

/** One text message to a phone number in E.164 form. */
export interface SmsMessage {
  to: string;
  text: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/** A message as kept in the development mailbox. */
export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: Date;
}

/** The last messages sent without a mail server, newest first. */
export interface DevMailbox {
  add(message: { to: string; subject: string; text: string }): void;
  list(): MailboxMessage[];
}

/** How many messages the development mailbox keeps. */
export const devMailboxCapacity = 100;

export function createDevMailbox(now: () => Date): DevMailbox {
  const messages: MailboxMessage[] = [];
  return {
    add(message) {
      messages.unshift({ id: randomUUID(), ...message, sentAt: now() });
      messages.length = Math.min(messages.length, devMailboxCapacity);
    },
    list: () => [...messages],
  };
}

/** Builds a mailer that keeps messages in `mailbox` and logs who got them. */
export function createDevMailer(deps: {
  mailbox: DevMailbox;
  log: FastifyBaseLogger;
}): Mailer {
  return {
    async send({ to, subject, text }) {
      deps.mailbox.add({ to, subject, text });
      deps.log.info({ to, subject }, "mail kept in the development mailbox");
    },
    close: async () => undefined,
  };
}

/** Builds a mailer that sends through the SMTP server at `smtpUrl`. */
export function createSmtpMailer(deps: {
  smtpUrl: string;
  from: string;
  log: FastifyBaseLogger;
}): Mailer {
  const transport = nodemailer.createTransport(deps.smtpUrl);
  return {
    async send({ to, subject, text, html }) {
      const info = (await transport.sendMail({
        from: deps.from,
        to,
        subject,
        text,
        ...(html === undefined ? {} : { html }),
      })) as { messageId?: string };
      deps.log.info({ to, subject, messageId: info.messageId }, "mail sent");
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * Builds the SMS sender used until a gateway is configured: it keeps each
 * SMS in the development mailbox under the subject "SMS".
 */
export function createDevSmsSender(deps: {
  mailbox: DevMailbox;
  log: FastifyBaseLogger;
}): SmsSender {
  return {
    async send({ to, text }) {
      deps.mailbox.add({ to, subject: "SMS", text });
      deps.log.info({ to }, "sms kept in the development mailbox");
    },
  };
}
