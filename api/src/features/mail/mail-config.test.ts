import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ConfigError, parseApiConfig } from "../../config.js";

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseApiConfig({ NODE_ENV: "test", ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("mail settings", () => {
  test("default to the log and the local web", () => {
    const config = parseApiConfig({ NODE_ENV: "test" });

    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.mailFrom, "Bazaar <no-reply@localhost>");
    assert.equal(config.webPublicUrl, "http://127.0.0.1:8000");
  });

  test("read SMTP_URL, MAIL_FROM and WEB_PUBLIC_URL", () => {
    const config = parseApiConfig({
      NODE_ENV: "test",
      SMTP_URL: "smtps://user:secret@mail.example.com:465",
      MAIL_FROM: "Shop <shop@example.com>",
      WEB_PUBLIC_URL: "https://shop.example.com/",
    });

    assert.equal(config.smtpUrl, "smtps://user:secret@mail.example.com:465");
    assert.equal(config.mailFrom, "Shop <shop@example.com>");
    assert.equal(config.webPublicUrl, "https://shop.example.com");
  });

  test("reject a WEB_PUBLIC_URL that is not http", () => {
    const problems = problemsOf({ WEB_PUBLIC_URL: "ftp://shop.example.com" });

    assert.equal(problems.length, 1);
    assert.match(
      problems[0] ?? "",
      /^WEB_PUBLIC_URL=.* must be a http or https URL/,
    );
  });

  test("reject an SMTP_URL that is not a URL", () => {
    const problems = problemsOf({ SMTP_URL: "mail.example.com" });

    assert.match(problems[0] ?? "", /^SMTP_URL=.* must be a smtp or smtps URL/);
  });
});
