// Starts the shop a journey runs against: the real API and web processes on
// free ports, with a fresh embedded database and the demo catalog (the web
// tests' stack). The API sends its mail to an SMTP server in the test
// process, so journeys read the emails a shopper would get.
import { after } from "node:test";

import {
  startSmtpServer,
  type ReceivedMail,
  type TestSmtpServer,
} from "../../api/src/test/mail.js";
import {
  findFreePort,
  startStack,
  type Stack,
} from "../../web/src/test/stack.js";

/** The sender the API writes on its mail. */
export const shopMailFrom = "Bazaar <shop@example.com>";

/** How long a journey waits for an email, which the API sends after its response. */
const mailTimeoutMs = 10_000;

export interface ShopOptions {
  /** Extra environment for the API, such as token lifetimes. */
  apiEnv?: Record<string, string>;
}

export interface Shop {
  /** The storefront's origin, as the API writes it in emailed links. */
  readonly webUrl: string;
  readonly stack: Stack;
  readonly smtp: TestSmtpServer;
  /**
   * Waits for the first mail to `to` whose subject matches and that no
   * earlier call returned, and returns it.
   */
  readMail(to: string, subject: RegExp): Promise<ReceivedMail>;
}

/** Returns the link to `pagePath` in a mail text; throws when it has none. */
export function findLink(text: string, pagePath: string): URL {
  const link = /https?:\/\/\S+/g;
  for (const match of text.matchAll(link)) {
    const url = new URL(match[0]);
    if (url.pathname === pagePath) return url;
  }
  throw new Error(`no link to ${pagePath} in the mail:\n${text}`);
}

/** Returns the 6-digit code of a mail text; throws when it has none. */
export function findCode(text: string): string {
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (code === undefined) throw new Error(`no code in the mail:\n${text}`);
  return code;
}

/**
 * Starts the shop for one test file and stops it when the file ends. Call
 * it at the top level of the file.
 */
export async function startShop(options: ShopOptions = {}): Promise<Shop> {
  const smtp = await startSmtpServer();
  // The web's port is chosen first, so that the links in the API's mail
  // lead to this web process.
  const webPort = await findFreePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  let stack: Stack;
  try {
    stack = await startStack({
      apiEnv: {
        SMTP_URL: smtp.url,
        MAIL_FROM: shopMailFrom,
        WEB_PUBLIC_URL: webUrl,
        ...options.apiEnv,
      },
      webEnv: { WEB_PORT: String(webPort), WEB_PUBLIC_URL: webUrl },
    });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  // Registered after the stack's own cleanup, so the API stops first.
  after(() => smtp.close());

  const returned = new Set<ReceivedMail>();
  async function readMail(to: string, subject: RegExp): Promise<ReceivedMail> {
    const deadline = Date.now() + mailTimeoutMs;
    for (;;) {
      const mail = smtp.messages.find(
        (message) =>
          !returned.has(message) &&
          message.to.some(
            (address) => address.toLowerCase() === to.toLowerCase(),
          ) &&
          subject.test(message.subject),
      );
      if (mail !== undefined) {
        returned.add(mail);
        return mail;
      }
      if (Date.now() > deadline) {
        const subjects = smtp.messages.map(
          (message) => `${message.to.join(", ")}: ${message.subject}`,
        );
        throw new Error(
          `no mail to ${to} matching ${subject} within ${mailTimeoutMs} ms; received:\n${subjects.join("\n")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return { webUrl, stack, smtp, readMail };
}
