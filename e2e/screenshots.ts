// `npm run screenshots`: starts the shop with the demo catalog, signs in a
// demo shopper and saves PNG screenshots of the main pages at a phone width
// and a desktop width into docs/screenshots/, as NAME-phone.png and
// NAME-desktop.png. It runs under Node's test runner, which stops the shop
// and the browser when it ends, and checks each page with axe on the way.
//
// To add a page (the cart, checkout, an order confirmation), add a line to
// `screenshotPages`.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { buildAccount, register, signIn } from "./support/accounts.js";
import { viewports } from "./support/browser.js";
import { runJourney, type Shopper } from "./support/journey.js";
import { findLink, startShop } from "./support/shop.js";

const outputFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../docs/screenshots",
);

interface ScreenshotPage {
  /** The file name without the width and extension. */
  name: string;
  path: string;
  /** True for pages that need the demo shopper signed in. */
  signedIn: boolean;
  /** True to capture the whole page on a phone, not just the first screen. */
  phoneFullPage: boolean;
}

/** The pages to capture, signed-out ones first. */
const screenshotPages: readonly ScreenshotPage[] = [
  { name: "home", path: "/", signedIn: false, phoneFullPage: false },
  {
    name: "category",
    path: "/c/apparel",
    signedIn: false,
    phoneFullPage: false,
  },
  {
    name: "product",
    path: "/p/everyday-crew-t-shirt?variant=BZ-TSH-01-M-NAVY",
    signedIn: false,
    phoneFullPage: true,
  },
  { name: "sign-in", path: "/sign-in", signedIn: false, phoneFullPage: true },
  { name: "account", path: "/account", signedIn: true, phoneFullPage: true },
];

/** The shopper the signed-in pages show; the database is new on each run. */
const demoShopper = buildAccount({
  first_name: "Robin",
  last_name: "Example",
  email: "robin@example.com",
  username: "robin",
  phone: "",
});

const shop = await startShop();

async function capture(
  shopper: Shopper,
  entry: ScreenshotPage,
  width: keyof typeof viewports,
): Promise<void> {
  await shopper.step(`captures ${entry.name} at ${width} width`, async () => {
    await shopper.visit(entry.path);
    await shopper.page.screenshot({
      path: path.join(outputFolder, `${entry.name}-${width}.png`),
      fullPage: width === "phone" && entry.phoneFullPage,
      animations: "disabled",
    });
  });
}

/** Registers the demo shopper and verifies the email address by its link. */
async function registerDemoShopper(shopper: Shopper): Promise<void> {
  await shopper.step("registers the demo shopper", async () => {
    await shopper.visit("/");
    await register(shopper, demoShopper);
    const mail = await shop.readMail(demoShopper.email, /^Verify your email/);
    await shopper.visit(findLink(mail.text, "/verify-email").href);
    await shopper.pressButton("Verify my email address");
  });
}

let isRegistered = false;

for (const width of ["phone", "desktop"] as const) {
  test(`screenshots at ${width} width`, (t) =>
    runJourney(t, shop, { viewport: viewports[width] }, async (shopper) => {
      await mkdir(outputFolder, { recursive: true });
      for (const entry of screenshotPages.filter((page) => !page.signedIn)) {
        await capture(shopper, entry, width);
      }
      if (isRegistered) {
        await shopper.step("signs in the demo shopper", async () => {
          await shopper.visit("/");
          await signIn(shopper, demoShopper.email, demoShopper.password);
        });
      } else {
        await registerDemoShopper(shopper);
        isRegistered = true;
      }
      for (const entry of screenshotPages.filter((page) => page.signedIn)) {
        await capture(shopper, entry, width);
      }
    }));
}
