import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { describeDevice } from "./device-label.js";

describe("describeDevice", () => {
  test("names common browsers and systems", () => {
    const cases: [string, string][] = [
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
        "Edge on Windows",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Safari on macOS",
      ],
      [
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
        "Chrome on Android",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15",
        "Firefox on iOS",
      ],
      [
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Firefox on Linux",
      ],
    ];

    for (const [userAgent, label] of cases) {
      assert.equal(describeDevice(userAgent), label, userAgent);
    }
  });

  test("falls back for unknown agents", () => {
    assert.equal(describeDevice(undefined), "Web browser");
    assert.equal(describeDevice("curl/8.5.0"), "Web browser");
  });
});
