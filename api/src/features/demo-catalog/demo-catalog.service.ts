// The demo catalog: 73 products in a small category tree, written for this
// project. It is built as entries of the JSON import format and loaded by the
// catalog import, so demo data and imported files take the same path into
// the database. Everything is deterministic: the same entries on every run,
// so loading the demo twice changes nothing.
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Database } from "../../db/client.js";
import {
  importCatalog,
  type CatalogImportSummary,
} from "../catalog-import/catalog-import.service.js";
import { slugify } from "../catalog-import/import-record.js";
import type {
  JsonProductEntry,
  JsonVariantEntry,
} from "../catalog-import/json-products.js";
import { parseJsonProducts } from "../catalog-import/json-products.js";
import { apparelGroups } from "./demo-catalog.apparel.js";
import { homeGroups } from "./demo-catalog.home.js";
import { outdoorGroups } from "./demo-catalog.outdoor.js";
import { stationeryGroups } from "./demo-catalog.stationery.js";
import type { DemoGroup, DemoItem } from "./demo-catalog.types.js";

/** The folder of the demo pictures, served by the API under /media/demo/. */
export const demoMediaDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../media/demo",
);

const demoGroups: DemoGroup[] = [
  ...apparelGroups,
  ...homeGroups,
  ...outdoorGroups,
  ...stationeryGroups,
];

/** Builds the demo products as entries of the JSON import format. */
export function buildDemoProductEntries(): JsonProductEntry[] {
  return demoGroups.flatMap((group, groupIndex) =>
    group.items.map((item, itemIndex) => ({
      title: item.name,
      description: item.description,
      category: group.category,
      brand: group.brand,
      tags: item.tags,
      images: [`/media/demo/${group.image}`],
      variants: buildVariants(group, item, groupIndex, itemIndex),
    })),
  );
}

/**
 * Builds one variant per combination of the item's sizes and colours, or a
 * single variant without options. Stock follows a fixed formula, so it looks
 * varied but is the same on every run.
 */
function buildVariants(
  group: DemoGroup,
  item: DemoItem,
  groupIndex: number,
  itemIndex: number,
): JsonVariantEntry[] {
  const baseSku = `BZ-${group.skuCode}-${String(itemIndex + 1).padStart(2, "0")}`;
  const combinations = combineOptions(item);
  return combinations.map((options, variantIndex) => {
    const values = Object.values(options);
    const isSoldOut = values.some((value) => item.soldOut?.includes(value));
    const formulaStock =
      4 + ((groupIndex * 13 + itemIndex * 17 + variantIndex * 5) % 47);
    const suffix = values.map((value) => slugify(value).toUpperCase());
    return {
      sku: [baseSku, ...suffix].join("-"),
      price: item.price,
      stock: isSoldOut ? 0 : (item.stock ?? formulaStock),
      options,
    };
  });
}

function combineOptions(item: DemoItem): Record<string, string>[] {
  const sizes: (string | undefined)[] = item.sizes ?? [undefined];
  const colors: (string | undefined)[] = item.colors ?? [undefined];
  const combinations: Record<string, string>[] = [];
  for (const size of sizes) {
    for (const color of colors) {
      const options: Record<string, string> = {};
      if (size !== undefined) options.size = size;
      if (color !== undefined) options.color = color;
      combinations.push(options);
    }
  }
  return combinations;
}

/**
 * Imports the demo catalog into `db` through the catalog import. Existing
 * demo products are updated in place, so a second load reports them all as
 * unchanged.
 */
export async function loadDemoCatalog(
  db: Database,
  options: { currency: string },
): Promise<CatalogImportSummary> {
  const catalog = parseJsonProducts(buildDemoProductEntries());
  return importCatalog(db, catalog, { currency: options.currency });
}
