// Imports the public sample catalogs named by BAZAAR_SAMPLE_DATA_DIR: the
// Magento Luma sample CSVs and the DummyJSON products file. Without the
// variable every test is skipped.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";

import { and, eq, sql } from "drizzle-orm";

import type { DatabaseHandle } from "../../db/client.js";
import { categories, products, variants } from "../../db/schema.js";
import { createTestDatabase } from "../../test/database.js";
import { readCatalogFile } from "./catalog-file.js";
import {
  importCatalog,
  type CatalogImportSummary,
} from "./catalog-import.service.js";

const sampleDataDir = process.env.BAZAAR_SAMPLE_DATA_DIR || undefined;
const skipReason =
  "BAZAAR_SAMPLE_DATA_DIR is not set: point it at the folder holding magento-luma-sample/ and dummyjson-products/";

let database: DatabaseHandle;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.close();
});

function samplePath(...parts: string[]): string {
  return path.join(sampleDataDir ?? "", ...parts);
}

async function importSample(file: string): Promise<CatalogImportSummary> {
  return importCatalog(database.db, await readCatalogFile(file), {
    currency: "USD",
  });
}

function gearFiles(): string[] {
  const dir = samplePath("magento-luma-sample");
  return readdirSync(dir)
    .filter((name) => /^products_gear_.*\.csv$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

async function findProductBySku(sku: string) {
  const [row] = await database.db
    .select({ product: products })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.sku, sku));
  assert.ok(row, `no product with SKU ${sku}`);
  return row.product;
}

function skipWithoutData(t: TestContext): boolean {
  if (sampleDataDir) return false;
  t.skip(skipReason);
  return true;
}

// The tests share one database and run in order: the second import of each
// file expects the first to have run.
describe("sample catalogs", () => {
  test("configurable CSV gives 147 products", async (t) => {
    if (skipWithoutData(t)) return;

    const summary = await importSample(
      samplePath("magento-luma-sample", "configurable_products.csv"),
    );

    assert.equal(summary.created, 147);
    assert.deepEqual(summary.rejected, []);
    assert.equal(await database.db.$count(products), 147);
    assert.equal(await database.db.$count(variants), 1847);
  });

  test("hoodie has size and colour variants", async (t) => {
    if (skipWithoutData(t)) return;

    const hoodie = await findProductBySku("MH01-XS-Black");
    const rows = await database.db
      .select()
      .from(variants)
      .where(eq(variants.productId, hoodie.id))
      .orderBy(variants.position);

    assert.equal(hoodie.name, "Chaz Kangeroo Hoodie");
    assert.equal(hoodie.priceMin, 5200);
    assert.equal(hoodie.priceMax, 5200);
    assert.equal(rows.length, 15);
    assert.deepEqual(rows[0]?.options, { size: "XS", color: "Black" });
    assert.deepEqual(
      [...new Set(rows.map((row) => row.options.size))],
      ["XS", "S", "M", "L", "XL"],
    );
    assert.deepEqual(
      [...new Set(rows.map((row) => row.options.color))],
      ["Black", "Gray", "Orange"],
    );
    assert.ok(rows.every((row) => row.price === 5200));
    assert.match(hoodie.description, /• Two-tone gray heather hoodie\./);
  });

  test("keeps decimal prices exact", async (t) => {
    if (skipWithoutData(t)) return;

    const rows = await database.db
      .select({ price: variants.price })
      .from(variants)
      .where(sql`${variants.price} % 100 <> 0`);

    assert.deepEqual(
      [...new Set(rows.map((row) => row.price))].sort(),
      [3250, 5625, 5699],
    );
  });

  test("builds Men Tops Hoodies tree", async (t) => {
    if (skipWithoutData(t)) return;

    const [hoodies] = await database.db
      .select()
      .from(categories)
      .where(
        and(
          eq(categories.name, "Hoodies & Sweatshirts"),
          sql`${categories.path} like 'men/%'`,
        ),
      );
    const hoodie = await findProductBySku("MH01-XS-Black");

    assert.equal(hoodies?.path, "men/tops/hoodies-sweatshirts");
    assert.equal(hoodie.categoryId, hoodies?.id);
  });

  test("gear CSVs give 44 products", async (t) => {
    if (skipWithoutData(t)) return;
    const before = await database.db.$count(products);

    let created = 0;
    for (const file of gearFiles()) {
      const summary = await importSample(file);
      assert.deepEqual(summary.rejected, [], file);
      created += summary.created;
    }

    assert.equal(gearFiles().length, 5);
    assert.equal(created, 44);
    assert.equal((await database.db.$count(products)) - before, 44);
  });

  test("products JSON gives 194 products", async (t) => {
    if (skipWithoutData(t)) return;

    const summary = await importSample(
      samplePath("dummyjson-products", "products.json"),
    );

    assert.equal(summary.created, 194);
    assert.deepEqual(summary.rejected, []);
    const mascara = await findProductBySku("BEA-ESS-ESS-001");
    assert.equal(mascara.priceMin, 999);
    const [moonphase, moonphaseWomen] = await Promise.all([
      findProductBySku("MEN-ROL-ROL-096"),
      findProductBySku("WOM-ROL-ROL-191"),
    ]);
    assert.equal(moonphase.name, "Rolex Cellini Moonphase");
    assert.equal(moonphaseWomen.name, "Rolex Cellini Moonphase");
    assert.notEqual(moonphase.slug, moonphaseWomen.slug);
    // Every Magento variant has stock 100, so these come from the JSON file.
    const soldOut = await database.db.$count(
      variants,
      eq(variants.stockOnHand, 0),
    );
    assert.ok(soldOut > 0);
  });

  test("second import changes nothing", async (t) => {
    if (skipWithoutData(t)) return;
    const files = [
      samplePath("magento-luma-sample", "configurable_products.csv"),
      ...gearFiles(),
      samplePath("dummyjson-products", "products.json"),
    ];
    const counts = {
      products: await database.db.$count(products),
      variants: await database.db.$count(variants),
      categories: await database.db.$count(categories),
    };

    for (const file of files) {
      const summary = await importSample(file);

      assert.equal(summary.created, 0, file);
      assert.equal(summary.updated, 0, file);
      assert.equal(summary.categoriesCreated, 0, file);
    }

    assert.deepEqual(
      {
        products: await database.db.$count(products),
        variants: await database.db.$count(variants),
        categories: await database.db.$count(categories),
      },
      counts,
    );
  });

  test("full-text search finds hoodies", async (t) => {
    if (skipWithoutData(t)) return;

    const rows = await database.db
      .select({ name: products.name })
      .from(products)
      .where(
        sql`${products.searchVector} @@ plainto_tsquery('english', 'hoodie')`,
      );

    assert.ok(rows.length >= 10, `found ${rows.length}`);
    assert.ok(rows.some((row) => row.name === "Chaz Kangeroo Hoodie"));
  });
});
