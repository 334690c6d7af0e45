// The cart through real HTTP: adding from the product page as a guest and
// signed in, the header's count, changing and removing lines, refused
// quantities, and the merge of a guest cart at sign-in.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  buildSignedInBrowser,
  signInThroughWeb,
  signInToApi,
} from "../../test/accounts.js";
import { TestBrowser } from "../../test/browser.js";
import { startStack } from "../../test/stack.js";

// The demo catalog supplies products with one and with several variants,
// each with a few units in stock.
const stack = await startStack({ apiEnv: { RATE_LIMITS: "off" } });

interface ApiVariant {
  id: string;
  sku: string;
  options: Record<string, string>;
  stock_on_hand: number;
  in_stock: boolean;
}

interface ApiProduct {
  slug: string;
  name: string;
  variants: ApiVariant[];
}

async function fetchApiJson<T>(path: string): Promise<T> {
  const response = await fetch(`${stack.apiUrl}${path}`);
  assert.equal(response.status, 200, `GET ${path}`);
  return (await response.json()) as T;
}

async function fetchProduct(slug: string): Promise<ApiProduct> {
  return fetchApiJson<ApiProduct>(`/api/v1/products/${slug}`);
}

/** Finds demo products: one with a single variant, one with several. */
async function findDemoProducts(): Promise<{
  single: ApiProduct;
  multi: ApiProduct;
}> {
  const list = await fetchApiJson<{ results: { slug: string }[] }>(
    "/api/v1/products?in_stock=true&page_size=100",
  );
  const products = await Promise.all(
    list.results.map((summary) => fetchProduct(summary.slug)),
  );
  const inStock = (product: ApiProduct): boolean =>
    product.variants.every((variant) => variant.stock_on_hand >= 3);
  const single = products.find((p) => p.variants.length === 1 && inStock(p));
  const multi = products.find((p) => p.variants.length > 2 && inStock(p));
  assert.ok(single, "the demo catalog has a single-variant product");
  assert.ok(multi, "the demo catalog has a product with variants");
  return { single, multi };
}

const demo = await findDemoProducts();

function firstVariant(product: ApiProduct): ApiVariant {
  const variant = product.variants[0];
  assert.ok(variant);
  return variant;
}

/** Adds through the product page's form; returns the POST response. */
async function addToCart(
  browser: TestBrowser,
  product: ApiProduct,
  fields: { variant_id?: string; quantity?: string },
): Promise<Response> {
  return browser.post(
    "/cart/items",
    { product: product.slug, ...fields },
    { formPage: `/p/${product.slug}` },
  );
}

/** Returns the count in the header's cart link. */
function headerCount(html: string): number {
  const match = /class="site-cart__count">(\d+)</.exec(html);
  assert.ok(match?.[1], "the header shows a cart count");
  return Number(match[1]);
}

/** Returns the ids of the cart page's lines, in page order. */
function lineIds(html: string): string[] {
  return [...html.matchAll(/action="\/cart\/items\/([0-9a-f-]{36})"/g)].map(
    (match) => match[1] ?? "",
  );
}

function quantityOf(html: string, lineId: string): string | undefined {
  const pattern = new RegExp(
    `id="quantity-${lineId}"[^>]*value="([^"]*)"`,
    "s",
  );
  return pattern.exec(html)?.[1];
}

describe("product page", () => {
  test("offers the form with a hidden variant for a single-variant product", async () => {
    const { status, html } = await new TestBrowser(stack.webUrl).page(
      `/p/${demo.single.slug}`,
    );

    assert.equal(status, 200);
    assert.match(html, /<form class="add-to-cart" action="\/cart\/items"/);
    assert.ok(
      html.includes(
        `name="variant_id" value="${firstVariant(demo.single).id}"`,
      ),
    );
    assert.match(html, /name="quantity" type="number"/);
  });

  test("lists the variants to choose from when none is chosen", async () => {
    const { html } = await new TestBrowser(stack.webUrl).page(
      `/p/${demo.multi.slug}`,
    );

    assert.match(html, /<select[^>]*name="variant_id"/);
    for (const variant of demo.multi.variants) {
      assert.ok(html.includes(`value="${variant.id}"`), variant.sku);
    }
  });
});

describe("adding to the cart as a guest", () => {
  test("adds a line and counts it", async () => {
    const browser = new TestBrowser(stack.webUrl);
    const variant = firstVariant(demo.single);

    const response = await addToCart(browser, demo.single, {
      variant_id: variant.id,
      quantity: "2",
    });
    const product = await browser.page(response.headers.get("location") ?? "/");
    const cart = await browser.page("/cart");

    assert.equal(response.status, 303);
    assert.match(response.headers.get("location") ?? "", /^\/p\//);
    assert.match(product.html, /Added 2 ×/);
    assert.equal(headerCount(product.html), 2);
    assert.equal(cart.status, 200);
    assert.ok(cart.html.includes(demo.single.name));
    assert.equal(lineIds(cart.html).length, 1);
    assert.equal(quantityOf(cart.html, lineIds(cart.html)[0] ?? ""), "2");
    assert.match(cart.html, /Subtotal \(2 items\)/);
    assert.match(cart.html, /href="\/checkout"/);
  });

  test("adds to the same line when the variant is added again", async () => {
    const browser = new TestBrowser(stack.webUrl);
    const variant = firstVariant(demo.single);

    await addToCart(browser, demo.single, {
      variant_id: variant.id,
      quantity: "1",
    });
    await addToCart(browser, demo.single, {
      variant_id: variant.id,
      quantity: "2",
    });
    const cart = await browser.page("/cart");

    assert.equal(lineIds(cart.html).length, 1);
    assert.equal(quantityOf(cart.html, lineIds(cart.html)[0] ?? ""), "3");
    assert.equal(headerCount(cart.html), 3);
  });

  test("forbids caching of the cart page", async () => {
    const response = await new TestBrowser(stack.webUrl).get("/cart");
    await response.arrayBuffer();

    assert.equal(response.headers.get("cache-control"), "no-store");
  });

  test("keeps one visitor's cart away from another", async () => {
    const first = new TestBrowser(stack.webUrl);
    await addToCart(first, demo.single, {
      variant_id: firstVariant(demo.single).id,
      quantity: "1",
    });

    const other = await new TestBrowser(stack.webUrl).page("/cart");

    assert.match(other.html, /Your cart is empty/);
    assert.equal(headerCount(other.html), 0);
  });

  test("asks for a variant when none was chosen, keeping the quantity", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const response = await addToCart(browser, demo.multi, {
      variant_id: "",
      quantity: "4",
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /class="error-summary"/);
    assert.match(html, /id="field-variant_id-error"[^>]*>.*Choose a variant/s);
    assert.match(html, /id="field-quantity"[^>]*value="4"/s);
    assert.match((await browser.page("/cart")).html, /Your cart is empty/);
  });

  for (const [typed, message] of [
    ["", /Enter a quantity/],
    ["0", /Enter a whole number from 1 to 99/],
    ["100", /Enter a whole number from 1 to 99/],
    ["1.5", /Enter a whole number from 1 to 99/],
    ["two", /Enter a whole number from 1 to 99/],
  ] as const) {
    test(`refuses the quantity "${typed}" next to the field`, async () => {
      const browser = new TestBrowser(stack.webUrl);

      const response = await addToCart(browser, demo.single, {
        variant_id: firstVariant(demo.single).id,
        quantity: typed,
      });
      const html = await response.text();

      assert.equal(response.status, 400);
      assert.match(html, /id="field-quantity-error"/);
      assert.match(html, message);
      assert.ok(html.includes(`value="${typed}"`), "the typed value is kept");
      assert.match((await browser.page("/cart")).html, /Your cart is empty/);
    });
  }

  test("refuses more than the stock with how many are left", async () => {
    const browser = new TestBrowser(stack.webUrl);
    const variant = firstVariant(demo.single);
    const tooMany = variant.stock_on_hand + 1;
    assert.ok(tooMany <= 99, "the stock is below the line maximum");

    const response = await addToCart(browser, demo.single, {
      variant_id: variant.id,
      quantity: String(tooMany),
    });
    const html = await response.text();

    assert.equal(response.status, 409);
    assert.match(html, new RegExp(`Only ${variant.stock_on_hand} left`));
    assert.match((await browser.page("/cart")).html, /Your cart is empty/);
  });

  test("returns to the added variant's own product page", async () => {
    const browser = new TestBrowser(stack.webUrl);
    const variant = firstVariant(demo.multi);

    const response = await addToCart(browser, demo.single, {
      variant_id: variant.id,
      quantity: "1",
    });

    assert.equal(
      response.headers.get("location"),
      `/p/${demo.multi.slug}?variant=${encodeURIComponent(variant.sku)}`,
    );
  });

  test("refuses an unknown variant next to the variant field", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const response = await addToCart(browser, demo.multi, {
      variant_id: "00000000-0000-4000-8000-000000000000",
      quantity: "1",
    });

    assert.equal(response.status, 400);
    assert.match(await response.text(), /id="field-variant_id-error"/);
  });

  test("refuses a form without its CSRF token", async () => {
    const browser = new TestBrowser(stack.webUrl);

    const response = await browser.post(
      "/cart/items",
      {
        product: demo.single.slug,
        variant_id: firstVariant(demo.single).id,
        quantity: "1",
      },
      { includeCsrf: false },
    );

    assert.equal(response.status, 403);
  });
});

describe("changing the cart", () => {
  async function browserWithLine(quantity: string): Promise<{
    browser: TestBrowser;
    lineId: string;
  }> {
    const browser = new TestBrowser(stack.webUrl);
    await addToCart(browser, demo.single, {
      variant_id: firstVariant(demo.single).id,
      quantity,
    });
    const [lineId] = lineIds((await browser.page("/cart")).html);
    assert.ok(lineId);
    return { browser, lineId };
  }

  test("changes a quantity", async () => {
    const { browser, lineId } = await browserWithLine("1");

    const response = await browser.post(
      `/cart/items/${lineId}`,
      { quantity: "3" },
      { formPage: "/cart" },
    );
    const cart = await browser.page("/cart");

    assert.equal(response.status, 303);
    assert.equal(quantityOf(cart.html, lineId), "3");
    assert.equal(headerCount(cart.html), 3);
    assert.match(cart.html, /Your cart was updated/);
  });

  test("removes a line with the remove button and with quantity 0", async () => {
    const first = await browserWithLine("1");
    const second = await browserWithLine("2");

    await first.browser.post(
      `/cart/items/${first.lineId}/remove`,
      {},
      { formPage: "/cart" },
    );
    await second.browser.post(
      `/cart/items/${second.lineId}`,
      { quantity: "0" },
      { formPage: "/cart" },
    );

    for (const { browser } of [first, second]) {
      const cart = await browser.page("/cart");
      assert.match(cart.html, /removed from your cart/);
      assert.match(cart.html, /Your cart is empty/);
      assert.equal(headerCount(cart.html), 0);
    }
  });

  test("shows a refused quantity next to its line, keeping what was typed", async () => {
    const { browser, lineId } = await browserWithLine("2");

    const response = await browser.post(
      `/cart/items/${lineId}`,
      { quantity: "abc" },
      { formPage: "/cart" },
    );
    const html = await response.text();
    const cart = await browser.page("/cart");

    assert.equal(response.status, 400);
    assert.match(html, new RegExp(`id="quantity-${lineId}-error"`));
    assert.equal(quantityOf(html, lineId), "abc");
    assert.match(html, new RegExp(`href="#quantity-${lineId}"`));
    assert.equal(quantityOf(cart.html, lineId), "2", "the cart is unchanged");
  });

  test("refuses a quantity above the stock with how many are left", async () => {
    const { browser, lineId } = await browserWithLine("1");
    const stock = firstVariant(demo.single).stock_on_hand;
    assert.ok(stock < 99, "the stock is below the line maximum");

    const response = await browser.post(
      `/cart/items/${lineId}`,
      { quantity: String(stock + 1) },
      { formPage: "/cart" },
    );

    assert.equal(response.status, 409);
    assert.match(await response.text(), new RegExp(`Only ${stock} left`));
  });

  test("answers a line of another cart as no longer in this cart", async () => {
    const owner = await browserWithLine("1");
    const intruder = await browserWithLine("1");

    const response = await intruder.browser.post(
      `/cart/items/${owner.lineId}`,
      { quantity: "5" },
      { formPage: "/cart" },
    );
    const intruderCart = await intruder.browser.page("/cart");
    const ownerCart = await owner.browser.page("/cart");

    assert.equal(response.status, 303);
    assert.match(intruderCart.html, /no longer in your cart/);
    assert.equal(quantityOf(ownerCart.html, owner.lineId), "1");
  });
});

describe("signing in with a guest cart", () => {
  test("merges the guest cart into the new account's cart", async () => {
    const browser = new TestBrowser(stack.webUrl);
    await addToCart(browser, demo.single, {
      variant_id: firstVariant(demo.single).id,
      quantity: "2",
    });

    const account = buildAccount();
    const registered = await browser.post("/register", { ...account });
    const accountPage = await browser.page("/account");
    const cart = await browser.page("/cart");

    assert.equal(registered.status, 303);
    assert.equal(headerCount(accountPage.html), 2);
    assert.ok(cart.html.includes(demo.single.name));
    assert.equal(quantityOf(cart.html, lineIds(cart.html)[0] ?? ""), "2");
  });

  test("adds the guest lines to the lines the account already had", async () => {
    const account = buildAccount();
    const laptop = await buildSignedInBrowser(stack.webUrl, account);
    const [onLaptop, inGuestCart] = demo.multi.variants;
    assert.ok(onLaptop);
    assert.ok(inGuestCart);
    await addToCart(laptop, demo.multi, {
      variant_id: onLaptop.id,
      quantity: "1",
    });
    await addToCart(laptop, demo.single, {
      variant_id: firstVariant(demo.single).id,
      quantity: "1",
    });
    const phone = new TestBrowser(stack.webUrl);
    await addToCart(phone, demo.multi, {
      variant_id: inGuestCart.id,
      quantity: "1",
    });
    await addToCart(phone, demo.single, {
      variant_id: firstVariant(demo.single).id,
      quantity: "2",
    });

    await signInThroughWeb(phone, account.email, account.password);
    const cart = await phone.page("/cart");

    assert.equal(lineIds(cart.html).length, 3);
    assert.equal(headerCount(cart.html), 5);
    assert.match(cart.html, /Subtotal \(5 items\)/);
  });

  test("caps a merged line at the stock and says so", async () => {
    const account = buildAccount();
    const laptop = await buildSignedInBrowser(stack.webUrl, account);
    const variant = firstVariant(demo.single);
    const stock = variant.stock_on_hand;
    assert.ok(stock < 99, "the stock is below the line maximum");
    await addToCart(laptop, demo.single, {
      variant_id: variant.id,
      quantity: String(stock),
    });
    const phone = new TestBrowser(stack.webUrl);
    await addToCart(phone, demo.single, {
      variant_id: variant.id,
      quantity: "1",
    });

    const signedIn = await signInThroughWeb(
      phone,
      account.email,
      account.password,
      "/cart",
    );
    const cart = await phone.page(signedIn.headers.get("location") ?? "/");

    assert.equal(signedIn.headers.get("location"), "/cart");
    assert.equal(
      quantityOf(cart.html, lineIds(cart.html)[0] ?? ""),
      String(stock),
    );
    assert.match(
      cart.html,
      new RegExp(
        `class="flash flash--info"[^>]*>Only ${stock} of ${demo.single.name} are in stock, so your cart has ${stock}, not ${stock + 1}\\.`,
      ),
    );
  });

  test("shows the account's cart count after signing out and in again", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    await addToCart(browser, demo.single, {
      variant_id: firstVariant(demo.single).id,
      quantity: "2",
    });

    await browser.post("/sign-out", {}, { formPage: "/account" });
    const signedOut = await browser.page("/");
    await signInThroughWeb(browser, account.email, account.password);
    const signedIn = await browser.page("/");

    assert.equal(headerCount(signedOut.html), 0);
    assert.equal(headerCount(signedIn.html), 2);
  });

  test("shows lines added on another device when the cart page opens", async () => {
    const account = buildAccount();
    const browser = await buildSignedInBrowser(stack.webUrl, account);
    const tokens = await signInToApi(
      stack.apiUrl,
      account.email,
      account.password,
    );
    const added = await fetch(`${stack.apiUrl}/api/v1/me/cart/items`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        variant_id: firstVariant(demo.single).id,
        quantity: 1,
      }),
    });
    assert.equal(added.status, 200);

    const cart = await browser.page("/cart");

    assert.equal(lineIds(cart.html).length, 1);
    assert.equal(headerCount(cart.html), 1);
  });
});
