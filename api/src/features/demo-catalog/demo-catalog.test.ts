import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";

import type { DatabaseHandle } from "../../db/client.js";
import { productImages, products, variants } from "../../db/schema.js";
import { createTestDatabase } from "../../test/database.js";
import {
  buildDemoProductEntries,
  demoMediaDir,
  loadDemoCatalog,
} from "./demo-catalog.service.js";

let database: DatabaseHandle;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.close();
});

// The demo catalog owns fixed SKUs, so the tests load it once and read it.
describe("loadDemoCatalog", () => {
  test("loads between 50 and 100 products", async () => {
    const summary = await loadDemoCatalog(database.db, { currency: "USD" });

    assert.deepEqual(summary.rejected, []);
    assert.ok(summary.created >= 50, `${summary.created} products`);
    assert.ok(summary.created <= 100, `${summary.created} products`);
    assert.equal(await database.db.$count(products), summary.created);
  });

  test("has products with several variants", async () => {
    const rows = await database.db
      .select({ productId: variants.productId, options: variants.options })
      .from(variants);
    const variantsPerProduct = new Map<string, number>();
    for (const row of rows) {
      variantsPerProduct.set(
        row.productId,
        (variantsPerProduct.get(row.productId) ?? 0) + 1,
      );
    }

    const withVariants = [...variantsPerProduct.values()].filter((n) => n > 1);
    assert.ok(withVariants.length >= 10, `${withVariants.length} products`);
    assert.ok(rows.some((row) => row.options.size && row.options.color));
  });

  test("has sold-out products and variants", async () => {
    const rows = await database.db
      .select({ productId: variants.productId, stock: variants.stockOnHand })
      .from(variants);
    const stocksByProduct = new Map<string, number[]>();
    for (const row of rows) {
      const stocks = stocksByProduct.get(row.productId) ?? [];
      stocks.push(row.stock);
      stocksByProduct.set(row.productId, stocks);
    }
    const stockLists = [...stocksByProduct.values()];

    const soldOut = stockLists.filter((stocks) => stocks.every((n) => n === 0));
    const partly = stockLists.filter(
      (stocks) => stocks.some((n) => n === 0) && stocks.some((n) => n > 0),
    );
    assert.ok(soldOut.length >= 3, `${soldOut.length} sold out`);
    assert.ok(partly.length >= 2, `${partly.length} partly sold out`);
  });

  test("keeps decimal prices exact", async () => {
    const [pricey] = await database.db
      .select({ priceMin: products.priceMin })
      .from(products)
      .where(eq(products.name, "Merino Travel T-shirt"));
    const [strap] = await database.db
      .select({ priceMin: products.priceMin })
      .from(products)
      .where(eq(products.name, "Kids' Rainbow T-shirt"));

    assert.equal(pricey?.priceMin, 5699);
    assert.equal(strap?.priceMin, 1250);
  });

  test("uses existing local images", async () => {
    const rows = await database.db
      .select({ url: productImages.url, alt: productImages.alt })
      .from(productImages);

    assert.equal(rows.length, await database.db.$count(products));
    for (const row of rows) {
      assert.match(row.url, /^\/media\/demo\/[a-z-]+\.svg$/);
      const file = path.join(
        demoMediaDir,
        row.url.slice("/media/demo/".length),
      );
      assert.ok(existsSync(file), `${file} is missing`);
      assert.notEqual(row.alt, "");
    }
  });

  test("second load changes nothing", async () => {
    const summary = await loadDemoCatalog(database.db, { currency: "USD" });

    assert.equal(summary.created, 0);
    assert.equal(summary.updated, 0);
    assert.equal(summary.unchanged, buildDemoProductEntries().length);
  });
});
