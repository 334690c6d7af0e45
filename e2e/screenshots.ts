// `npm run screenshots`: starts the shop with the demo catalog, signs in a
// demo shopper and saves PNG screenshots of the main pages at a phone width
// and a desktop width into docs/screenshots/, as NAME-phone.png and
// NAME-desktop.png. It runs under Node's test runner, which stops the shop
// and the browser when it ends, and checks each page with axe on the way.
//
// To add a page, add a line to `screenshotPages`. A page that needs the demo
// shopper to do something first (fill the cart, go through checkout's steps,
// place an order) does it in its `prepare`.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { buildAccount, register, signIn } from "./support/accounts.js";
import { viewports } from "./support/browser.js";
import {
  addToCart,
  confirmedOrderNumber,
  fillInAddress,
  fillInCard,
  testCards,
} from "./support/checkout.js";
import { runJourney, type Shopper } from "./support/journey.js";
import { findLink, startShop } from "./support/shop.js";

const outputFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../docs/screenshots",
);

interface ScreenshotPage {
  /** The file name without the width and extension. */
  name: string;
  /** The page's path, or a function of the order placed last. */
  path: string | ((orderNumber: string) => string);
  /** True for pages that need the demo shopper signed in. */
  signedIn: boolean;
  /** True to capture the whole page on a phone, not just the first screen. */
  phoneFullPage: boolean;
  /**
   * What the demo shopper does before the page is opened. Returns the number
   * of the order it placed, if it placed one.
   */
  prepare?: (shopper: Shopper) => Promise<string | void>;
}

/** The products in the demo shopper's cart: a page with the variant chosen. */
const cartProducts = [
  { path: "/p/everyday-crew-t-shirt?variant=BZ-TSH-01-M-NAVY", quantity: 2 },
  { path: "/p/dotted-notebook-a5?variant=BZ-NBK-01-FOREST", quantity: 1 },
];

/** Adds the cart products to the demo shopper's cart, which is empty. */
async function fillCart(shopper: Shopper): Promise<void> {
  for (const product of cartProducts) {
    await shopper.visit(product.path);
    await addToCart(shopper, product.quantity);
  }
}

/** Takes checkout's steps from the cart page to the review page. */
async function goToReview(shopper: Shopper): Promise<void> {
  await shopper.visit("/cart");
  await shopper.followLink("Check out");
  await fillInAddress(shopper, {
    name: "Robin Example",
    line1: "221 Harbour Street",
    city: "Bristol",
    postal_code: "BS1 4RN",
    country: "GB",
    phone: "+44 20 7946 0958",
  });
  await shopper.pressButton("Continue");
  await shopper.page.getByRole("radio", { name: /^Express delivery/ }).check();
  await shopper.pressButton("Continue");
  await shopper.page.getByRole("radio", { name: "Card", exact: true }).check();
  await shopper.pressButton("Continue");
  await shopper.expectHeading("Review and place your order");
}

/**
 * Pays with the accepted test card on the review page and returns the
 * number of the order.
 */
async function placeOrder(shopper: Shopper): Promise<string> {
  await fillInCard(shopper, testCards.accepted);
  await shopper.pressButton("Place order");
  return confirmedOrderNumber(shopper);
}

/** The pages to capture, signed-out ones first, in the order taken. */
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
  {
    name: "cart",
    path: "/cart",
    signedIn: true,
    phoneFullPage: true,
    prepare: fillCart,
  },
  {
    name: "checkout-review",
    path: "/checkout/review",
    signedIn: true,
    phoneFullPage: true,
    prepare: goToReview,
  },
  {
    name: "order-confirmation",
    path: (orderNumber) => `/orders/${orderNumber}/confirmation`,
    signedIn: true,
    phoneFullPage: true,
    prepare: placeOrder,
  },
  {
    name: "order-detail",
    path: (orderNumber) => `/orders/${orderNumber}`,
    signedIn: true,
    phoneFullPage: true,
  },
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

/** The number of the order the demo shopper placed last in this run. */
let lastOrderNumber = "";

async function capture(
  shopper: Shopper,
  entry: ScreenshotPage,
  width: keyof typeof viewports,
): Promise<void> {
  await shopper.step(`captures ${entry.name} at ${width} width`, async () => {
    const placed = await entry.prepare?.(shopper);
    if (typeof placed === "string") lastOrderNumber = placed;
    const pagePath =
      typeof entry.path === "string" ? entry.path : entry.path(lastOrderNumber);
    await shopper.visit(pagePath);
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
