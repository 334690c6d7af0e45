// Nunjucks set-up: the template folder, autoescaping, the filters and globals
// the templates use, and versioned URLs for the files under public/.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Environment } from "nunjucks";

import { formatMoney } from "./money.js";

const webRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
);
export const viewsDir = path.join(webRoot, "views");
export const publicDir = path.join(webRoot, "public");

/** The shop's name in the header, titles and footer. */
export const shopName = "Bazaar";

/**
 * Hashes every file under `folder`, so the asset URLs change whenever one
 * file does and browsers may cache them for a year.
 */
export function computeAssetVersion(folder: string = publicDir): string {
  const hash = createHash("sha256");
  const entries = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of entries) {
    hash.update(path.relative(folder, file));
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}

/** Returns the URL prefix of the files under public/ for `version`. */
export function assetPrefix(version: string): string {
  return `/assets/${version}/`;
}

/**
 * Returns the URL to load a product image from. Only `/media/` paths are
 * loaded, through the web's proxy to the API. An absolute URL from imported
 * data is never fetched, so the local placeholder takes its place.
 */
export function productImageSource(
  url: string | null | undefined,
  placeholderUrl: string,
): string {
  if (url === undefined || url === null) return placeholderUrl;
  const isMediaPath = url.startsWith("/media/") && !url.includes("..");
  return isMediaPath ? url : placeholderUrl;
}

const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * Formats an ISO 8601 timestamp as "5 Jan 2025, 14:03 UTC". The web does
 * not know the reader's time zone, so it says which one it uses.
 */
export function formatDateTime(iso: unknown): string {
  if (typeof iso !== "string") return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${dateTimeFormat.format(date)} UTC`;
}

/** Adds the filters and globals every template may use to `env`. */
export function configureTemplates(
  env: Environment,
  options: { assetVersion: string },
): void {
  const prefix = assetPrefix(options.assetVersion);
  const assetUrl = (file: string): string => `${prefix}${file}`;
  const placeholderUrl = assetUrl("images/placeholder.svg");

  env.addGlobal("shopName", shopName);
  env.addGlobal("asset", assetUrl);
  env.addGlobal("imageSrc", (url: string | null | undefined) =>
    productImageSource(url, placeholderUrl),
  );
  env.addFilter("dateTime", formatDateTime);
  env.addFilter("money", (amountMinor: unknown, currency: unknown) => {
    if (typeof amountMinor !== "number" || typeof currency !== "string") {
      return "";
    }
    return formatMoney(amountMinor, currency);
  });
}
