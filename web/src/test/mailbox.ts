// Reads the API's development mailbox, where the API keeps the mail and text
// messages it would have sent (tests run it without a mail server), and
// picks codes and links out of the message text.

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  sent_at: string;
}

/** Returns the messages of the API's mailbox, newest first. */
export async function listMailbox(apiUrl: string): Promise<MailboxMessage[]> {
  const response = await fetch(`${apiUrl}/api/v1/dev/mailbox`);
  if (response.status !== 200) {
    throw new Error(`mailbox returned ${response.status}`);
  }
  const body = (await response.json()) as { messages: MailboxMessage[] };
  return body.messages;
}

/** Returns the newest message to `to` (in any letter case); throws if none. */
export async function findNewestMessage(
  apiUrl: string,
  to: string,
): Promise<MailboxMessage> {
  const messages = await listMailbox(apiUrl);
  const message = messages.find(
    (candidate) => candidate.to.toLowerCase() === to.toLowerCase(),
  );
  if (message === undefined) throw new Error(`no message to ${to}`);
  return message;
}

/** Returns the 6-digit code of a message text; throws if it has none. */
export function readCode(text: string): string {
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (code === undefined) throw new Error(`no code in: ${text}`);
  return code;
}

/**
 * Returns the path and query of the link to `pagePath` in a message text,
 * whatever origin the API put in front of it.
 */
export function readLinkPath(text: string, pagePath: string): string {
  const pattern = new RegExp(`${pagePath}\\?token=[A-Za-z0-9_-]+`);
  const link = pattern.exec(text)?.[0];
  if (link === undefined) throw new Error(`no ${pagePath} link in: ${text}`);
  return link;
}
