// Mail helpers for tests: a real SMTP server on 127.0.0.1 that collects what
// the API sends, and readers for the codes and links in message texts.
import type { AddressInfo } from "node:net";

import type { FastifyInstance } from "fastify";
import { SMTPServer } from "smtp-server";

import type { MailboxMessage } from "../features/mail/mailer.js";

export interface ReceivedMail {
  to: string[];
  /** The raw message as received, headers and encoded body. */
  raw: string;
  /** The decoded plain-text body. */
  text: string;
  subject: string;
}

export interface TestSmtpServer {
  /** The smtp:// URL to put in the API's config. */
  url: string;
  messages: ReceivedMail[];
  /** Rejects every message from now on with a 550 reply. */
  rejectAll(): void;
  /** Holds each reply to a message for `ms` milliseconds from now on. */
  delayReplies(ms: number): void;
  /** Waits until a message for `to` arrives, and returns the newest one. */
  waitForMessage(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Decodes a quoted-printable body (RFC 2045), as nodemailer writes it. */
function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function parseMessage(raw: string, to: string[]): ReceivedMail {
  const separator = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, separator).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(separator + 4);
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? "";
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(headers)?.[1];
  let text = body;
  if (encoding?.trim().toLowerCase() === "quoted-printable") {
    text = decodeQuotedPrintable(body);
  } else if (encoding?.trim().toLowerCase() === "base64") {
    text = Buffer.from(body, "base64").toString("utf8");
  }
  return { to, raw, text: text.replace(/\r\n/g, "\n"), subject };
}

/** Starts an SMTP server on 127.0.0.1 at a random port. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  let isRejecting = false;
  let replyDelayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => setTimeout(finish, replyDelayMs));
      function finish(): void {
        if (isRejecting) {
          const error = Object.assign(new Error("Mailbox unavailable"), {
            responseCode: 550,
          });
          callback(error);
          return;
        }
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        messages.push(parseMessage(Buffer.concat(chunks).toString("utf8"), to));
        callback();
      }
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejectAll() {
      isRejecting = true;
    },
    delayReplies(ms) {
      replyDelayMs = ms;
    },
    async waitForMessage(to, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.filter((message) => message.to.includes(to));
        const newest = found[found.length - 1];
        if (newest) return newest;
        if (Date.now() > deadline) {
          throw new Error(`No mail for ${to} within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Returns the newest development mailbox message for `to`, if any. */
export function findMailboxMessage(
  app: FastifyInstance,
  to: string,
): MailboxMessage | undefined {
  return app.mail.mailbox.list().find((message) => message.to === to);
}

/** Returns the 6-digit code in a message text; throws when there is none. */
export function readCode(text: string): string {
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error(`No 6-digit code in: ${text}`);
  return code;
}

/** Returns the `token` query parameter of the first link in a message text. */
export function readLinkToken(text: string): string {
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  const token = link && new URL(link).searchParams.get("token");
  if (!token) throw new Error(`No link with a token in: ${text}`);
  return token;
}

/**
 * Waits until the development mailbox contains a message for `to` that is not
 * in `seen`, and returns it. Some mail goes out after the response.
 */
export async function waitForMailboxMessage(
  app: FastifyInstance,
  to: string,
  options: { seen?: readonly MailboxMessage[]; timeoutMs?: number } = {},
): Promise<MailboxMessage> {
  const seenIds = new Set((options.seen ?? []).map((message) => message.id));
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const message = app.mail.mailbox
      .list()
      .find((candidate) => candidate.to === to && !seenIds.has(candidate.id));
    if (message) return message;
    if (Date.now() > deadline) throw new Error(`No new mail for ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
