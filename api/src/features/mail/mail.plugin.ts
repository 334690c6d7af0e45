// Decorates the app with its mailer, SMS sender and development mailbox, and
// closes the mail connections when the app closes.
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import fp from "fastify-plugin";

import {
  createDevMailbox,
  createDevMailer,
  createDevSmsSender,
  createSmtpMailer,
  type DevMailbox,
  type Mailer,
  type MailMessage,
  type SmsMessage,
  type SmsSender,
} from "./mailer.js";

/** Sends mail and SMS for the features; failures are logged, not thrown. */
export interface MailService {
  readonly mailbox: DevMailbox;
  /**
   * Sends a message and returns whether it went out. A failure is logged at
   * error level with the recipient and subject only, never the body.
   */
  deliverMail(message: MailMessage, log: FastifyBaseLogger): Promise<boolean>;
  /** Sends an SMS and returns whether it went out; failures are logged. */
  deliverSms(message: SmsMessage, log: FastifyBaseLogger): Promise<boolean>;
}

declare module "fastify" {
  interface FastifyInstance {
    mail: MailService;
  }
}

export interface MailPluginOptions {
  /** A mailer to use instead of the one the config describes. */
  mailer?: Mailer | undefined;
}

function createMailService(
  mailer: Mailer,
  smsSender: SmsSender,
  mailbox: DevMailbox,
): MailService {
  return {
    mailbox,
    async deliverMail(message, log) {
      try {
        await mailer.send(message);
        return true;
      } catch (error) {
        log.error(
          { err: error, to: message.to, subject: message.subject },
          "mail failed",
        );
        return false;
      }
    },
    async deliverSms(message, log) {
      try {
        await smsSender.send(message);
        return true;
      } catch (error) {
        log.error({ err: error, to: message.to }, "sms failed");
        return false;
      }
    },
  };
}

async function mail(
  app: FastifyInstance,
  options: MailPluginOptions,
): Promise<void> {
  const { config } = app;
  const mailbox = createDevMailbox(app.now);
  let mailer = options.mailer;
  if (!mailer && config.smtpUrl) {
    mailer = createSmtpMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      log: app.log,
    });
  }
  if (!mailer) {
    if (config.nodeEnv === "production") {
      app.log.warn("SMTP_URL is not set: mail is logged, not delivered");
    }
    mailer = createDevMailer({ mailbox, log: app.log });
  }
  const smsSender = createDevSmsSender({ mailbox, log: app.log });

  app.decorate("mail", createMailService(mailer, smsSender, mailbox));
  const openMailer = mailer;
  app.addHook("onClose", async () => openMailer.close());
}

export default fp(mail, { name: "mail", dependencies: ["authentication"] });
