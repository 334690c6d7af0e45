import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { eq, inArray, like } from "drizzle-orm";

import type { DatabaseHandle } from "../../db/client.js";
import {
  categories,
  productImages,
  products,
  variants,
} from "../../db/schema.js";
import { createTestDatabase } from "../../test/database.js";
import { uniqueSuffix } from "../../test/factories.js";
import { CatalogFileError } from "./catalog-file-error.js";
import { readCatalogFile } from "./catalog-file.js";
import {
  importCatalog,
  type CatalogImportSummary,
} from "./catalog-import.service.js";

let database: DatabaseHandle;
let fixtureDir: string;

before(async () => {
  database = await createTestDatabase();
  fixtureDir = await mkdtemp(path.join(tmpdir(), "bazaar-import-"));
});

after(async () => {
  await database.close();
  await rm(fixtureDir, { recursive: true, force: true });
});

async function writeFixture(name: string, content: string): Promise<string> {
  const file = path.join(fixtureDir, `${uniqueSuffix()}-${name}`);
  await writeFile(file, content);
  return file;
}

async function importFile(
  file: string,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<CatalogImportSummary> {
  const catalog = await readCatalogFile(file);
  return importCatalog(database.db, catalog, {
    currency: "USD",
    batchSize: 2,
    ...options,
  });
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const exportHeader = [
  "sku",
  "product_type",
  "categories",
  "name",
  "description",
  "price",
  "qty",
  "url_key",
  "visibility",
  "additional_attributes",
  "configurable_variations",
  "base_image",
];

function exportRow(fields: Record<string, string>): string {
  return exportHeader.map((name) => csvField(fields[name] ?? "")).join(",");
}

/** A configurable hoodie with four variants, one simple product and bad rows. */
function buildExportCsv(
  s: string,
  options: { smallPrice?: string } = {},
): string {
  const categoriesField =
    `Default Category/Men${s}/Tops${s}/Hoodies & Sweatshirts,` +
    `Default Category/Collections${s}/Eco Friendly,Default Category`;
  const variantRows = ["XS-Black", "XS-Gray", "S-Black", "S-Gray"].map(
    (suffix) => {
      const [size = "", color = ""] = suffix.split("-");
      return exportRow({
        sku: `H${s}-${suffix}`,
        product_type: "simple",
        categories: categoriesField,
        name: `Chaz Hoodie ${s}-${suffix}`,
        description: "<p>Warm.</p>\n<p>&bull; Soft.</p>",
        price: size === "S" ? (options.smallPrice ?? "56.99") : "52",
        qty: "100",
        visibility: "Not Visible Individually",
        additional_attributes: `has_options=0,required_options=0,size=${size},color=${color}`,
        base_image: "/m/h/mh01-black_main.jpg",
      });
    },
  );
  const variations = ["XS-Black", "XS-Gray", "S-Black", "S-Gray"]
    .map((suffix) => {
      const [size = "", color = ""] = suffix.split("-");
      return `sku=H${s}-${suffix},size=${size},color=${color}`;
    })
    .join("|");
  return [
    exportHeader.join(","),
    ...variantRows, // lines 2-9: each row spans two lines
    exportRow({
      sku: `H${s}`,
      product_type: "configurable",
      categories: categoriesField,
      name: `Chaz Hoodie ${s}`,
      description: "<p>Warm.</p>\n<p>&bull; Soft.<script>alert(1)</script></p>",
      price: "52",
      qty: "0",
      visibility: "Catalog, Search",
      configurable_variations: variations,
      base_image: "/m/h/mh01-black_main.jpg",
    }), // lines 10-11
    exportRow({
      sku: `B${s}`,
      product_type: "simple",
      categories: `Default Category/Women${s}/Tops${s}`,
      name: `Yoga Strap ${s}`,
      price: "32.5",
      qty: "7",
    }), // line 12
    exportRow({
      sku: "",
      product_type: "simple",
      name: "No SKU",
      price: "1",
    }), // line 13
    exportRow({
      sku: `P${s}`,
      product_type: "simple",
      name: "Bad price",
      price: "12.345",
    }), // line 14
    exportRow({
      sku: `B${s}`,
      product_type: "simple",
      name: "Duplicate",
      price: "5",
    }), // line 15
    exportRow({
      sku: `N${s}`,
      product_type: "simple",
      name: "Negative stock",
      price: "5",
      qty: "-3",
    }), // line 16
  ].join("\n");
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

async function findVariants(productId: string) {
  return database.db
    .select()
    .from(variants)
    .where(eq(variants.productId, productId))
    .orderBy(variants.position);
}

describe("Magento export CSV", () => {
  test("attaches variants to parent", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.csv", buildExportCsv(s));

    const summary = await importFile(file);

    assert.equal(summary.created, 2);
    const hoodie = await findProductBySku(`H${s}-XS-Black`);
    assert.equal(hoodie.name, `Chaz Hoodie ${s}`);
    assert.equal(hoodie.priceMin, 5200);
    assert.equal(hoodie.priceMax, 5699);
    assert.equal(hoodie.currency, "USD");
    const rows = await findVariants(hoodie.id);
    assert.deepEqual(
      rows.map((row) => [row.sku, row.options, row.price, row.stockOnHand]),
      [
        [`H${s}-XS-Black`, { size: "XS", color: "Black" }, 5200, 100],
        [`H${s}-XS-Gray`, { size: "XS", color: "Gray" }, 5200, 100],
        [`H${s}-S-Black`, { size: "S", color: "Black" }, 5699, 100],
        [`H${s}-S-Gray`, { size: "S", color: "Gray" }, 5699, 100],
      ],
    );
  });

  test("sanitises description, stores no image", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.csv", buildExportCsv(s));

    await importFile(file);

    const hoodie = await findProductBySku(`H${s}-S-Gray`);
    assert.equal(hoodie.description, "<p>Warm.</p>\n<p>• Soft.</p>");
    const images = await database.db
      .select()
      .from(productImages)
      .where(eq(productImages.productId, hoodie.id));
    assert.equal(images.length, 0);
  });

  test("builds category tree from paths", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.csv", buildExportCsv(s));

    const summary = await importFile(file);

    assert.equal(summary.categoriesCreated, 7);
    const hoodie = await findProductBySku(`H${s}-XS-Gray`);
    const [category] = await database.db
      .select()
      .from(categories)
      .where(eq(categories.id, hoodie.categoryId ?? ""));
    assert.equal(category?.name, "Hoodies & Sweatshirts");
    assert.equal(category?.path, `men${s}/tops${s}/${category?.slug}`);
    const strap = await findProductBySku(`B${s}`);
    const [womenTops] = await database.db
      .select()
      .from(categories)
      .where(eq(categories.id, strap.categoryId ?? ""));
    assert.equal(womenTops?.slug, `women${s}-tops${s}`);
    assert.equal(womenTops?.path, `women${s}/women${s}-tops${s}`);
    const collections = await database.db
      .select()
      .from(categories)
      .where(like(categories.path, `collections${s}/%`));
    assert.deepEqual(
      collections.map((row) => row.name),
      ["Eco Friendly"],
    );
  });

  test("reports rejected rows with lines", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.csv", buildExportCsv(s));

    const summary = await importFile(file);

    assert.deepEqual(
      summary.rejected.map((row) => row.line),
      [13, 14, 15, 16],
    );
    assert.match(summary.rejected[0]?.reason ?? "", /missing SKU/);
    assert.match(summary.rejected[1]?.reason ?? "", /invalid price "12.345"/);
    assert.match(summary.rejected[2]?.reason ?? "", /duplicate SKU .* line 12/);
    assert.match(summary.rejected[3]?.reason ?? "", /negative stock/);
  });

  test("rejects invalid variant row only", async () => {
    const s = uniqueSuffix();
    const csv = buildExportCsv(s, { smallPrice: "abc" });
    const file = await writeFixture("products.csv", csv);

    const summary = await importFile(file);

    const lines = summary.rejected.map((row) => row.line);
    assert.deepEqual(lines.slice(0, 2), [6, 8]);
    assert.match(summary.rejected[0]?.reason ?? "", /invalid price "abc"/);
    const hoodie = await findProductBySku(`H${s}-XS-Black`);
    assert.equal(hoodie.priceMax, 5200);
    assert.equal((await findVariants(hoodie.id)).length, 2);
  });
});

describe("Magento fixture CSV", () => {
  test("imports each row as simple product", async () => {
    const s = uniqueSuffix();
    const csv = [
      "category,name,sku,price,qty,description,material",
      `"Gear${s}\nBags${s}","Joust Duffle Bag ${s}",G${s}-1,34,100,"<p>Big.</p>\n<ul>\n<li>Strap.</li>\n</ul>","Nylon\nPolyester"`,
      `"Gear${s}\nBags${s}\nCollections${s}\nErin Recommends","Lumaflex&trade; Band ${s}",G${s}-2,19.5,0,"<p>Stretchy.</p>",`,
      `"Gear${s}\nWatches${s}","Watch ${s}",G${s}-3,-4,10,,`,
    ].join("\n");
    const file = await writeFixture("products_gear.csv", csv);

    const summary = await importFile(file);

    assert.equal(summary.created, 2);
    assert.deepEqual(summary.rejected, [
      { line: 12, reason: 'invalid price "-4": it is negative' },
    ]);
    const band = await findProductBySku(`G${s}-2`);
    assert.equal(band.name, `Lumaflex™ Band ${s}`);
    assert.equal(band.priceMin, 1950);
    const [category] = await database.db
      .select()
      .from(categories)
      .where(eq(categories.id, band.categoryId ?? ""));
    assert.equal(category?.path, `gear${s}/bags${s}`);
    const collection = await database.db
      .select()
      .from(categories)
      .where(like(categories.path, `collections${s}/%`));
    assert.deepEqual(
      collection.map((row) => row.name),
      ["Erin Recommends"],
    );
  });

  test("rejects unknown CSV header", async () => {
    const file = await writeFixture("other.csv", "id,title\n1,x\n");

    await assert.rejects(readCatalogFile(file), CatalogFileError);
  });
});

function buildJson(s: string, overrides: { price?: number } = {}): string {
  return JSON.stringify([
    {
      id: 1,
      title: `Moonphase ${s}`,
      description: "A watch.\n\nWith moon & stars.",
      category: `home${s}/kitchen-tools`,
      brand: "Rolex",
      price: overrides.price ?? 9.99,
      stock: 3,
      tags: ["watch", "luxury"],
      images: [`https://cdn.example.test/${s}/1.webp`],
      thumbnail: `https://cdn.example.test/${s}/t.webp`,
      rating: 4.5,
    },
    {
      title: `Moonphase ${s}`,
      sku: `J${s}-2`,
      price: 15999.99,
      stock: 0,
    },
    { title: "No SKU", price: 1 },
    { title: "Bad price", sku: `J${s}-4`, price: 12.345 },
    { title: "Negative", sku: `J${s}-5`, price: 1, stock: -1 },
    "not an object",
    { title: "Duplicate", sku: `J${s}-2`, price: 1 },
  ]).replace('"id":1,', `"id":1,"sku":"J${s}-1",`);
}

describe("JSON products", () => {
  test("imports products with unique slugs", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.json", buildJson(s));

    const summary = await importFile(file);

    assert.equal(summary.created, 2);
    const first = await findProductBySku(`J${s}-1`);
    const second = await findProductBySku(`J${s}-2`);
    assert.equal(first.slug, `moonphase-${s}`);
    assert.equal(second.slug, `moonphase-${s}-2`);
    assert.equal(first.priceMin, 999);
    assert.equal(second.priceMax, 1599999);
    assert.equal(first.brand, "Rolex");
    assert.deepEqual(first.tags, ["watch", "luxury"]);
    assert.equal(
      first.description,
      "<p>A watch.</p>\n<p>With moon &amp; stars.</p>",
    );
    const [secondVariant] = await findVariants(second.id);
    assert.equal(secondVariant?.stockOnHand, 0);
  });

  test("stores image URLs and category path", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.json", buildJson(s));

    await importFile(file);

    const product = await findProductBySku(`J${s}-1`);
    const images = await database.db
      .select()
      .from(productImages)
      .where(eq(productImages.productId, product.id));
    assert.deepEqual(
      images.map((image) => [image.url, image.alt]),
      [[`https://cdn.example.test/${s}/1.webp`, `Moonphase ${s}`]],
    );
    const [category] = await database.db
      .select()
      .from(categories)
      .where(eq(categories.id, product.categoryId ?? ""));
    assert.equal(category?.name, "Kitchen Tools");
    assert.match(category?.slug ?? "", /kitchen-tools$/);
    assert.equal(category?.path, `home${s}/${category?.slug}`);
  });

  test("reports rejected entries by index", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.json", buildJson(s));

    const summary = await importFile(file);

    assert.deepEqual(
      summary.rejected.map((row) => row.line),
      [3, 4, 5, 6, 7],
    );
    assert.match(summary.rejected[0]?.reason ?? "", /missing SKU/);
    assert.match(summary.rejected[1]?.reason ?? "", /at most 2 decimal/);
    assert.match(summary.rejected[2]?.reason ?? "", /negative stock/);
    assert.match(summary.rejected[3]?.reason ?? "", /not an object/);
    assert.match(summary.rejected[4]?.reason ?? "", /duplicate SKU .* line 2/);
  });

  test("rejects malformed JSON file", async () => {
    const file = await writeFixture("broken.json", '[{"title": ');

    await assert.rejects(readCatalogFile(file), /invalid JSON/);
  });

  test("rejects unknown file extension", async () => {
    const file = await writeFixture("products.xml", "<products/>");

    await assert.rejects(readCatalogFile(file), /unsupported file type ".xml"/);
  });
});

describe("importCatalog", () => {
  test("second run changes nothing", async () => {
    const s = uniqueSuffix();
    const csvFile = await writeFixture("products.csv", buildExportCsv(s));
    const jsonFile = await writeFixture("products.json", buildJson(s));
    await importFile(csvFile);
    await importFile(jsonFile);
    const skus = [`H${s}-XS-Black`, `B${s}`, `J${s}-1`, `J${s}-2`];
    const before = await snapshotProducts(skus);

    const csvSummary = await importFile(csvFile);
    const jsonSummary = await importFile(jsonFile);

    assert.deepEqual(
      [csvSummary.created, csvSummary.updated, csvSummary.unchanged],
      [0, 0, 2],
    );
    assert.deepEqual(
      [jsonSummary.created, jsonSummary.updated, jsonSummary.unchanged],
      [0, 0, 2],
    );
    assert.equal(csvSummary.categoriesCreated, 0);
    assert.equal(jsonSummary.categoriesCreated, 0);
    assert.deepEqual(await snapshotProducts(skus), before);
  });

  test("updates product when price changes", async () => {
    const s = uniqueSuffix();
    await importFile(await writeFixture("products.json", buildJson(s)));
    const before = await findProductBySku(`J${s}-1`);

    const summary = await importFile(
      await writeFixture("products.json", buildJson(s, { price: 12.5 })),
    );

    assert.equal(summary.updated, 1);
    assert.equal(summary.unchanged, 1);
    const after = await findProductBySku(`J${s}-1`);
    assert.equal(after.priceMin, 1250);
    assert.equal(after.priceMax, 1250);
    assert.equal(after.slug, before.slug);
    assert.ok(after.updatedAt > before.updatedAt);
    const [variant] = await findVariants(after.id);
    assert.equal(variant?.price, 1250);
  });

  test("reports progress up to total", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.json", buildJson(s));
    const calls: [number, number][] = [];

    await importFile(file, {
      onProgress: (done, total) => calls.push([done, total]),
    });

    assert.deepEqual(calls, [
      [0, 2],
      [2, 2],
    ]);
  });

  test("rejects SKUs of different products", async () => {
    const s = uniqueSuffix();
    await importFile(await writeFixture("products.json", buildJson(s)));
    const merged = JSON.stringify([
      {
        title: "Merged",
        variants: [
          { sku: `J${s}-1`, price: 1 },
          { sku: `J${s}-2`, price: 2 },
        ],
      },
    ]);

    const summary = await importFile(await writeFixture("merged.json", merged));

    assert.equal(summary.rejected.length, 1);
    assert.match(summary.rejected[0]?.reason ?? "", /different products/);
  });
});

async function snapshotProducts(skus: string[]): Promise<unknown> {
  const rows = await database.db
    .select({ product: products, variant: variants })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(variants.sku, skus))
    .orderBy(variants.sku);
  const productCount = await database.db.$count(products);
  const variantCount = await database.db.$count(variants);
  const imageCount = await database.db.$count(productImages);
  const categoryCount = await database.db.$count(categories);
  return { rows, productCount, variantCount, imageCount, categoryCount };
}
