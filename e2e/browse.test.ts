// A shopper browses the demo catalog: the home page, a category, a price
// filter and a sort, a price typed in words, a search, and a product whose
// size and colour are chosen with links, then a link to a removed product.
// Run with JavaScript on and off; axe checks every page.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { expectFormErrors } from "./support/forms.js";
import {
  javaScriptModes,
  runJourney,
  type Shopper,
} from "./support/journey.js";
import { startShop } from "./support/shop.js";

const shop = await startShop();

/** Reads the amounts of the product cards' prices, in page order. */
async function listedPrices(shopper: Shopper): Promise<number[]> {
  const texts = await shopper.page
    .locator(".product-card__price")
    .allInnerTexts();
  return texts.map((text) => {
    const amount = /(\d+(?:\.\d+)?)/.exec(text.replace(/,/g, ""))?.[1];
    assert.ok(amount !== undefined, `no amount in "${text}"`);
    return Number(amount);
  });
}

async function productNames(shopper: Shopper): Promise<string[]> {
  return shopper.page.locator(".product-card__name").allInnerTexts();
}

async function browseTheCatalog(shopper: Shopper): Promise<void> {
  await shopper.step("opens the home page", async () => {
    await shopper.visit("/");
    await shopper.expectHeading("Welcome to Bazaar");
    assert.ok((await productNames(shopper)).length > 0, "no product shown");
  });

  await shopper.step("picks Apparel in the category menu", async () => {
    const menu = shopper.page.getByRole("navigation", { name: "Categories" });
    await shopper.followLink("Apparel", { within: menu });
    await shopper.expectHeading("Apparel");
    const current = menu.locator('[aria-current="page"]');
    assert.equal((await current.innerText()).trim(), "Apparel");
  });

  await shopper.step("keeps prices from 20 to 40, cheapest first", async () => {
    await shopper.fillIn("Minimum price", "20");
    await shopper.fillIn("Maximum price", "40");
    await shopper.field("Sort by").selectOption({
      label: "Price: low to high",
    });
    await shopper.pressButton("Apply filters");

    const query = new URL(shopper.page.url()).searchParams;
    assert.equal(query.get("min_price"), "20");
    assert.equal(query.get("max_price"), "40");
    assert.equal(query.get("sort"), "price");
    const prices = await listedPrices(shopper);
    assert.ok(prices.length > 1, `too few products: ${prices.join(", ")}`);
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
      "cheapest first",
    );
    for (const price of prices) {
      assert.ok(price >= 20, `price ${price} below the minimum`);
      assert.ok(price <= 40, `price ${price} above the maximum`);
    }
    // The form shows the filter as the shopper set it.
    assert.equal(await shopper.field("Minimum price").inputValue(), "20");
    assert.equal(await shopper.field("Maximum price").inputValue(), "40");
  });

  await shopper.step("types letters as the minimum price", async () => {
    await shopper.fillIn("Minimum price", "twenty");
    await shopper.pressButton("Apply filters", { status: 400 });
    await expectFormErrors(shopper, [
      ["Minimum price", /^Minimum price must be a number such as 10/],
    ]);
    assert.equal(await shopper.field("Minimum price").inputValue(), "twenty");
    assert.equal(await shopper.field("Maximum price").inputValue(), "40");
  });

  await shopper.step("searches for a hoodie, misspelt", async () => {
    await shopper.fillIn("Search products", "hoddie");
    await shopper.pressButton("Search", {
      within: shopper.page.getByRole("search").first(),
    });
    await shopper.expectHeading("Search results for “hoddie”");
    const names = await productNames(shopper);
    assert.ok(
      names.some((name) => /hoodie/i.test(name)),
      `no hoodie among: ${names.join(", ")}`,
    );
  });

  await shopper.step("opens the Everyday Crew T-shirt", async () => {
    await shopper.fillIn("Search products", "Everyday Crew T-shirt");
    await shopper.pressButton("Search", {
      within: shopper.page.getByRole("search").first(),
    });
    await shopper.followLink("Everyday Crew T-shirt");
    await shopper.expectHeading("Everyday Crew T-shirt");
    assert.equal(await shopper.page.locator("#product-sku").count(), 0);
  });

  await shopper.step("chooses size M, then the colour Navy", async () => {
    const sizes = shopper.page.getByRole("region", { name: /^Size/ });
    await shopper.followLink("M", { within: sizes });
    const colours = shopper.page.getByRole("region", { name: /^Colou?r/ });
    await shopper.followLink("Navy", { within: colours });

    assert.match(
      await shopper.page.getByRole("region", { name: /^Size/ }).innerText(),
      /Size: M/,
    );
    assert.match(
      await shopper.page.getByRole("region", { name: /^Colou?r/ }).innerText(),
      /Colou?r: Navy/,
    );
    const current = shopper.page.locator('.option[aria-current="true"]');
    assert.deepEqual(
      (await current.allInnerTexts()).map((text) => text.trim()),
      ["M", "Navy"],
    );
    // The chosen variant is in the address, so the choice needs no script.
    const skuText = await shopper.page.locator(".product__sku").innerText();
    const sku = /^SKU: (\S+)$/.exec(skuText.trim())?.[1];
    assert.ok(sku !== undefined, `no SKU in "${skuText}"`);
    const query = new URL(shopper.page.url()).searchParams;
    assert.equal(query.get("variant"), sku);
  });

  await shopper.step(
    "follows an old link to a product that is gone",
    async () => {
      await shopper.visit("/p/a-product-that-was-removed", { status: 404 });
      await shopper.expectHeading("Page not found");
    },
  );

  await shopper.step("searches from the not-found page", async () => {
    const search = shopper.page.getByRole("search", { name: "Product search" });
    await search.getByLabel("Search products").fill("notebook");
    await shopper.pressButton("Search", { within: search });
    await shopper.expectHeading("Search results for “notebook”");
    assert.ok((await productNames(shopper)).length > 0, "no notebook found");
  });
}

describe("browsing the catalog", () => {
  for (const mode of javaScriptModes) {
    test(`browse to a product variant, ${mode.label}`, (t) =>
      runJourney(t, shop, mode, browseTheCatalog));
  }
});
