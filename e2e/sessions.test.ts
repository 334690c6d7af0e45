// A shopper signed in on two tabs lets the access token expire, then
// reloads both tabs at once: the web refreshes the tokens once for the
// browser and both tabs stay signed in. Signing out everywhere from one tab
// sends the other tab, and another device, to the sign-in page.
//
// The API issues access tokens with its shortest lifetime, and its grace
// window for a reused refresh token is off: if the two reloads refreshed
// twice, the API would end the session and the tabs would be signed out.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { buildAccount, register, signIn } from "./support/accounts.js";
import { runJourney, type Shopper } from "./support/journey.js";
import { startShop } from "./support/shop.js";

/** The API's shortest access token lifetime. */
const accessTokenTtlSeconds = 30;

const shop = await startShop({
  apiEnv: {
    ACCESS_TOKEN_TTL_SECONDS: String(accessTokenTtlSeconds),
    REFRESH_REUSE_GRACE_SECONDS: "0",
  },
});

/** The value of the session cookie, which contains the encrypted tokens. */
async function sessionCookie(shopper: Shopper): Promise<string> {
  const cookies = await shopper.browser.context.cookies(shop.webUrl);
  const session = cookies.find((cookie) => cookie.name === "bazaar_session");
  assert.ok(session !== undefined, "no session cookie");
  return session.value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function stayOnAcrossTabsThenSignOutEverywhere(
  firstTab: Shopper,
): Promise<void> {
  const account = buildAccount({ first_name: "Ada", last_name: "Lovelace" });
  let secondTab: Shopper | undefined;
  let phone: Shopper | undefined;

  await firstTab.step("registers in the first tab", async () => {
    await firstTab.visit("/");
    await register(firstTab, account);
  });

  await firstTab.step("signs in on a phone too", async () => {
    phone = await firstTab.openAnotherDevice();
    await phone.visit("/");
    await signIn(phone, account.email, account.password);
  });

  await firstTab.step("opens the devices page in a second tab", async () => {
    secondTab = await firstTab.openTab();
    await secondTab.visit("/account/devices");
    await secondTab.expectHeading("Devices signed in to your account");
    assert.equal(await secondTab.signedInName(), "Ada Lovelace");
  });

  await firstTab.step("waits until the access token has expired", async () => {
    const before = await sessionCookie(firstTab);
    await sleep((accessTokenTtlSeconds + 2) * 1000);
    assert.equal(await sessionCookie(firstTab), before, "nothing renewed it");
  });

  await firstTab.step("reloads both tabs at the same moment", async () => {
    assert.ok(secondTab !== undefined);
    const before = await sessionCookie(firstTab);
    await Promise.all([firstTab.reload(), secondTab.reload()]);
    for (const tab of [firstTab, secondTab]) {
      assert.equal(await tab.signedInName(), "Ada Lovelace", tab.page.url());
    }
    await firstTab.expectHeading("Your account");
    await secondTab.expectHeading("Devices signed in to your account");
    assert.notEqual(await sessionCookie(firstTab), before, "tokens renewed");
  });

  await firstTab.step("both tabs still work on their next page", async () => {
    assert.ok(secondTab !== undefined);
    await firstTab.followLink("Your addresses");
    await firstTab.expectHeading("Your addresses");
    await secondTab.followLink("Back to your account");
    await secondTab.expectHeading("Your account");
  });

  await firstTab.step("signs out everywhere from the second tab", async () => {
    assert.ok(secondTab !== undefined);
    await secondTab.followLink("Devices signed in to your account");
    const devices = secondTab.page.locator(".device-list__item");
    assert.equal(await devices.count(), 2, "this browser and the phone");
    await secondTab.pressButton("Sign out everywhere");
    await secondTab.expectHeading("Sign in");
    assert.deepEqual(await secondTab.flashMessages(), [
      "You have signed out on every device, this one included.",
    ]);
  });

  await firstTab.step(
    "the first tab asks to sign in on its next page",
    async () => {
      // The tab still shows the signed-in header it loaded before.
      assert.equal(await firstTab.signedInName(), "Ada Lovelace");
      await firstTab.followLink("Back to your account");
      await firstTab.expectHeading("Sign in");
      const url = new URL(firstTab.page.url());
      assert.equal(url.pathname, "/sign-in");
      assert.equal(url.searchParams.get("next"), "/account");
      assert.equal(await firstTab.signedInName(), undefined);
    },
  );

  await firstTab.step(
    "the phone asks to sign in on its next page",
    async () => {
      assert.ok(phone !== undefined);
      await phone.followLink("Your account", {
        within: phone.accountNavigation(),
      });
      await phone.expectHeading("Sign in");
      assert.deepEqual(await phone.flashMessages(), [
        "Your session has expired. Please sign in again.",
      ]);
    },
  );
}

describe("sessions", () => {
  test("two tabs through token expiry and sign-out everywhere", (t) =>
    runJourney(t, shop, {}, stayOnAcrossTabsThenSignOutEverywhere));
});
