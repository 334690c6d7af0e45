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

  test("rejects NUL character in CSV field", async () => {
    const s = uniqueSuffix();
    const csv = [
      exportHeader.join(","),
      exportRow({
        sku: `U${s}-S`,
        product_type: "simple",
        name: "Tee",
        price: "5",
        additional_attributes: "size=S\0",
      }), // line 2
      exportRow({
        sku: `U${s}-M`,
        product_type: "simple",
        name: "Tee",
        price: "5",
        additional_attributes: "size=M",
      }), // line 3
      exportRow({
        sku: `U${s}`,
        product_type: "configurable",
        name: "Tee",
        price: "5",
        configurable_variations: `sku=U${s}-S,size=S|sku=U${s}-M,size=M`,
      }), // line 4
      exportRow({
        sku: `V${s}`,
        product_type: "simple",
        categories: `Default Category/Bad\0${s}`,
        name: "Mug",
        price: "3",
      }), // line 5
    ].join("\n");
    const file = await writeFixture("products.csv", csv);

    const summary = await importFile(file);

    assert.equal(summary.created, 1);
    assert.deepEqual(summary.rejected, [
      { line: 2, reason: "additional_attributes contains a NUL character" },
      { line: 5, reason: "categories contains a NUL character" },
    ]);
    const tee = await findProductBySku(`U${s}-M`);
    assert.equal((await findVariants(tee.id)).length, 1);
  });

  test("counts row with two reasons once", async () => {
    const s = uniqueSuffix();
    const csv = [
      exportHeader.join(","),
      exportRow({
        sku: `W${s}`,
        product_type: "configurable",
        name: "Orphan",
        price: "5",
        configurable_variations: `sku=W${s}-GONE,size=S`,
      }), // line 2
      exportRow({
        sku: `X${s}`,
        product_type: "simple",
        name: "Ok",
        price: "1",
      }),
    ].join("\n");
    const file = await writeFixture("products.csv", csv);

    const summary = await importFile(file);

    assert.equal(summary.created, 1);
    assert.equal(summary.rejected.length, 1);
    assert.equal(summary.rejected[0]?.line, 2);
    assert.match(summary.rejected[0]?.reason ?? "", /has no row in the file; /);
    assert.match(summary.rejected[0]?.reason ?? "", /has no valid variants$/);
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

/** Writes a JSON array with one entry per line, entry N on line N + 1. */
function jsonLines(entries: unknown[]): string {
  return `[\n${entries.map((entry) => JSON.stringify(entry)).join(",\n")}\n]\n`;
}

function buildJson(s: string, overrides: { price?: number } = {}): string {
  return jsonLines([
    {
      id: 1,
      sku: `J${s}-1`,
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
  ]);
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

  test("reports rejected entries by line", async () => {
    const s = uniqueSuffix();
    const file = await writeFixture("products.json", buildJson(s));

    const summary = await importFile(file);

    assert.deepEqual(
      summary.rejected.map((row) => row.line),
      [4, 5, 6, 7, 8],
    );
    assert.match(summary.rejected[0]?.reason ?? "", /missing SKU/);
    assert.match(summary.rejected[1]?.reason ?? "", /at most 2 decimal/);
    assert.match(summary.rejected[2]?.reason ?? "", /negative stock/);
    assert.match(summary.rejected[3]?.reason ?? "", /not an object/);
    assert.match(summary.rejected[4]?.reason ?? "", /duplicate SKU .* line 3/);
  });

  test("reports line where multi-line entry starts", async () => {
    const s = uniqueSuffix();
    const text = [
      "[", // line 1
      "  {", // line 2
      `    "sku": "L${s}-1",`,
      '    "title": "Brackets ] } [ { and \\" quote \\\\",',
      '    "tags": ["a", ["nested", {"deep": "]"}]],',
      '    "price": 3',
      "  },",
      '  {"sku": "L' + s + '-2", "title": "Same line", "price": 1},', // line 8
      "",
      "  {", // line 10
      '    "sku": "L' + s + '-3",',
      '    "title": "Bad price",',
      '    "price": "1.234"',
      "  }, {", // line 14
      '    "sku": "L' + s + '-1", "title": "Duplicate", "price": 2',
      "  }",
      "]",
    ].join("\n");
    const file = await writeFixture("products.json", text);

    const catalog = await readCatalogFile(file);

    assert.deepEqual(
      catalog.products.map((product) => product.line),
      [8],
    );
    assert.deepEqual(
      catalog.rejected.map((row) => row.line),
      [2, 10, 14],
    );
    assert.match(catalog.rejected[0]?.reason ?? "", /tags must be an array/);
    assert.match(catalog.rejected[1]?.reason ?? "", /invalid price "1.234"/);
    assert.match(catalog.rejected[2]?.reason ?? "", /already used on line 2$/);
  });

  test("rejects NUL character in any text field", async () => {
    const s = uniqueSuffix();
    const valid = { title: "Lamp", price: 5 };
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "La\u0000mp" }, "title"],
      [{ description: "Bright\u0000" }, "description"],
      [{ sku: `Z${s}-\u0000` }, "sku"],
      [{ category: "Home/Li\u0000ght" }, "category"],
      [{ brand: "\u0000Acme" }, "brand"],
      [{ tags: ["ok", "b\u0000ad"] }, "tags[1]"],
      [
        {
          variants: [
            { sku: `Z${s}-V1`, price: 1, options: { size: "M" } },
            { sku: `Z${s}-V2`, price: 1, options: { size: "L\u0000" } },
          ],
        },
        "variants[1].options.size",
      ],
      [
        {
          variants: [
            { sku: `Z${s}-V3`, price: 1, options: { "si\u0000ze": "M" } },
          ],
        },
        "variants[0].options",
      ],
    ];
    const entries = cases.map(([fields], index) => ({
      ...valid,
      sku: `Z${s}-${index}`,
      ...fields,
    }));
    const file = await writeFixture("products.json", jsonLines(entries));

    const summary = await importFile(file);

    assert.equal(summary.created, 0);
    assert.deepEqual(
      summary.rejected,
      cases.map(([, field], index) => ({
        line: index + 2,
        reason: `${field} contains a NUL character`,
      })),
    );
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

describe("database write failure", () => {
  test("reason omits query and parameters", async () => {
    const s = uniqueSuffix();
    const catalog = await readCatalogFile(
      await writeFixture(
        "products.json",
        jsonLines([
          { sku: `D${s}-1`, title: `Secret ${s}`, price: 1 },
          { sku: `D${s}-2`, title: "Fine", price: 1 },
        ]),
      ),
    );
    // Skips validation so that the database itself rejects the NUL.
    const [broken] = catalog.products;
    assert.ok(broken);
    broken.description = "a\u0000b";

    const summary = await importCatalog(database.db, catalog, {
      currency: "USD",
    });

    assert.equal(summary.created, 1);
    assert.equal(summary.rejected.length, 1);
    const reason = summary.rejected[0]?.reason ?? "";
    assert.match(reason, /^could not be saved: \S/);
    assert.doesNotMatch(reason, /\n/);
    assert.doesNotMatch(reason, /insert into|params|\$1/i);
    assert.doesNotMatch(reason, new RegExp(`Secret ${s}`));
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
