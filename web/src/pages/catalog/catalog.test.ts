// The catalog pages through real HTTP: a real API on an embedded database
// with a catalog imported for this file, and a real web process in front.
import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { after, describe, test } from "node:test";

import { findFreePort, startStack, startWeb } from "../../test/stack.js";

const runId = Date.now().toString(36);
let skuCounter = 0;

/** Builds one product entry of the JSON import format with a unique SKU. */
function buildProductEntry(
  fields: Record<string, unknown>,
): Record<string, unknown> {
  skuCounter += 1;
  return {
    sku: `WEB-${runId}-${skuCounter}`,
    price: 10,
    stock: 20,
    description: "<p>A plain test product.</p>",
    images: ["/media/demo/t-shirt.svg"],
    ...fields,
  };
}

const lampCount = 30;
const lamps = Array.from({ length: lampCount }, (_, index) =>
  buildProductEntry({
    title: `Lumen Lamp ${String(index + 1).padStart(2, "0")}`,
    category: "Lighting/Lamps",
    price: 5 + index,
    stock: index === 0 ? 0 : 10,
  }),
);
const shirt = buildProductEntry({
  title: "Quokka Tee",
  category: "Apparel/Tees",
  brand: "Marsupial Goods",
  tags: ["zanzibarite"],
  variants: [
    { sku: `TEE-${runId}-S`, price: 10, stock: 12, options: { size: "S" } },
    { sku: `TEE-${runId}-L`, price: 15, stock: 3, options: { size: "L" } },
  ],
});
const remoteImageProduct = buildProductEntry({
  title: "Faraway Vase",
  category: "Apparel/Tees",
  images: ["https://images.example.com/vase.jpg"],
});
const hostileProduct = buildProductEntry({
  // The importer strips tags from titles but decodes entities, so these
  // entities become a literal "<script>" in the product name.
  title: "Sneaky &lt;script&gt;alert(1)&lt;/script&gt; Mug",
  category: "Apparel/Tees",
  description: "<img src=x onerror=alert(1)>ok",
});

const stack = await startStack({
  catalog: [...lamps, shirt, remoteImageProduct, hostileProduct],
});

async function getHtml(
  pathAndQuery: string,
): Promise<{ status: number; html: string; response: Response }> {
  const response = await stack.get(pathAndQuery);
  const html = await response.text();
  return { status: response.status, html, response };
}

/** Returns the product names in the order the grid shows them. */
function productNames(html: string): string[] {
  return [...html.matchAll(/class="product-card__name">([^<]+)</g)].map(
    (match) => match[1] ?? "",
  );
}

describe("GET /", () => {
  test("lists categories and products", async () => {
    const { status, html } = await getHtml("/");

    assert.equal(status, 200, stack.logs());
    assert.match(html, /href="\/c\/lighting"/);
    assert.match(
      html,
      /Lighting<\/span>\s*<span class="category-tile__count">30 products/,
    );
    assert.ok(productNames(html).length > 0, "home shows no product");
  });

  test("renders the layout landmarks", async () => {
    const { html } = await getHtml("/");

    assert.match(html, /<html lang="en">/);
    assert.match(html, /<a class="skip-link" href="#main">/);
    assert.match(html, /<nav class="category-nav" aria-label="Categories">/);
    assert.match(html, /<main id="main"/);
    assert.match(html, /<footer/);
    assert.match(html, /Demo data: Bazaar's own demo catalog/);
  });
});

describe("GET /c/:slug", () => {
  test("lists the category's products", async () => {
    const { status, html } = await getHtml("/c/lighting");

    assert.equal(status, 200, stack.logs());
    assert.match(html, /<h1 class="page-header__title">Lighting<\/h1>/);
    assert.match(html, /Showing 1–24 of 30 products/);
    assert.equal(productNames(html).length, 24);
  });

  test("shows breadcrumbs and subcategories", async () => {
    const parent = await getHtml("/c/lighting");
    const child = await getHtml("/c/lamps");

    assert.match(parent.html, /<a class="chip" href="\/c\/lamps">Lamps/);
    assert.match(child.html, /<li><a href="\/c\/lighting">Lighting<\/a><\/li>/);
    assert.match(child.html, /<span aria-current="page">Lamps<\/span>/);
  });

  test("filters by price range", async () => {
    const { status, html } = await getHtml(
      "/c/lighting?min_price=10&max_price=12.50",
    );

    assert.equal(status, 200, stack.logs());
    assert.deepEqual(productNames(html).sort(), [
      "Lumen Lamp 06",
      "Lumen Lamp 07",
      "Lumen Lamp 08",
    ]);
    assert.match(html, /value="12.50"/);
  });

  test("filters out products without stock", async () => {
    const all = await getHtml("/c/lighting?sort=price");
    const inStock = await getHtml("/c/lighting?sort=price&in_stock=1");

    assert.equal(productNames(all.html)[0], "Lumen Lamp 01");
    assert.equal(productNames(inStock.html)[0], "Lumen Lamp 02");
    assert.match(
      inStock.html,
      /name="in_stock" type="checkbox" value="1"\s*checked/,
    );
  });

  test("sorts by price both ways", async () => {
    const ascending = productNames((await getHtml("/c/lamps?sort=price")).html);
    const descending = productNames(
      (await getHtml("/c/lamps?sort=-price")).html,
    );

    assert.equal(ascending[0], "Lumen Lamp 01");
    assert.equal(ascending[1], "Lumen Lamp 02");
    assert.equal(descending[0], "Lumen Lamp 30");
    assert.equal(descending[1], "Lumen Lamp 29");
  });

  test("pagination links keep the filters", async () => {
    const first = await getHtml("/c/lamps?sort=price&in_stock=1");
    const second = await getHtml("/c/lamps?in_stock=1&sort=price&page=2");

    assert.match(
      first.html,
      /href="\/c\/lamps\?in_stock=1&amp;sort=price&amp;page=2" rel="next"/,
    );
    assert.match(
      second.html,
      /href="\/c\/lamps\?in_stock=1&amp;sort=price" rel="prev"/,
    );
    assert.equal(productNames(second.html).length, 29 - 24);
  });

  test("price facet links keep the sort", async () => {
    const { html } = await getHtml("/c/lighting?sort=name");

    assert.match(
      html,
      /href="\/c\/lighting\?min_price=25&amp;max_price=49.99&amp;sort=name">\$25 to \$50 <span class="facet__count">\(10\)/,
    );
  });

  test("returns 404 page for unknown category", async () => {
    const { status, html, response } = await getHtml(`/c/no-such-${runId}`);

    assert.equal(status, 404);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html, /Page not found/);
  });

  test("returns 404 page past the last page", async () => {
    const { status } = await getHtml("/c/lamps?page=50");

    assert.equal(status, 404);
  });
});

describe("filter validation", () => {
  test("rejects a minimum price that is not a number", async () => {
    const { status, html } = await getHtml("/c/lighting?min_price=abc");

    assert.equal(status, 400, stack.logs());
    assert.match(html, /Minimum price must be a number such as 10 or 10.50/);
    assert.match(html, /id="filter-min_price-error"/);
    assert.match(html, /value="abc"/);
    assert.match(html, /<a href="\/c\/lighting">Go back to the products/);
  });

  test("explains a minimum above the maximum", async () => {
    const { status, html } = await getHtml(
      "/c/lighting?min_price=50&max_price=10",
    );

    assert.equal(status, 400);
    assert.match(html, /Minimum price must not be more than the maximum price/);
  });

  test("rejects a page that is not a number", async () => {
    const { status, html } = await getHtml("/search?q=lamp&page=two");

    assert.equal(status, 400);
    assert.match(html, /Page must be a whole number from 1/);
    assert.match(html, /<a href="\/search\?q=lamp">Go back/);
  });
});

describe("GET /search", () => {
  test("finds a product by tag", async () => {
    const { status, html } = await getHtml("/search?q=zanzibarite");

    assert.equal(status, 200, stack.logs());
    assert.deepEqual(productNames(html), ["Quokka Tee"]);
    assert.match(html, /value="zanzibarite"/);
  });

  test("keeps the query in pagination links", async () => {
    const { html } = await getHtml("/search?q=lumen&sort=price");

    assert.match(html, /href="\/search\?q=lumen&amp;sort=price&amp;page=2"/);
  });

  test("shows a prompt for an empty query", async () => {
    const { status, html } = await getHtml("/search?q=%20");

    assert.equal(status, 200);
    assert.match(html, /Type what you are looking for/);
  });

  test("shows an empty state without results", async () => {
    const { status, html } = await getHtml(`/search?q=nothing${runId}`);

    assert.equal(status, 200);
    assert.match(html, /We found nothing for/);
  });
});

describe("GET /p/:slug", () => {
  test("shows the price range and variants", async () => {
    const { status, html } = await getHtml("/p/quokka-tee");

    assert.equal(status, 200, stack.logs());
    assert.match(html, /<h1 class="product__name">Quokka Tee<\/h1>/);
    assert.match(html, /Marsupial Goods/);
    assert.match(html, /\$10\.00 – \$15\.00/);
    assert.match(
      html,
      new RegExp(`href="/p/quokka-tee\\?variant=TEE-${runId}-L"`),
    );
  });

  test("variant link changes the price", async () => {
    const page = await getHtml("/p/quokka-tee");
    const link = new RegExp(
      `href="(/p/quokka-tee\\?variant=TEE-${runId}-L)"`,
    ).exec(page.html)?.[1];
    assert.ok(link, "no link to the large variant");

    const chosen = await getHtml(link);

    assert.equal(chosen.status, 200);
    assert.match(chosen.html, /<span class="price">\$15\.00<\/span>/);
    assert.doesNotMatch(chosen.html, /\$10\.00 – \$15\.00/);
    assert.match(chosen.html, /Only 3 left/);
    assert.match(chosen.html, /aria-current="true">\s*L/);
  });

  test("chooses a variant by option value", async () => {
    const { html } = await getHtml("/p/quokka-tee?size=S");

    assert.match(html, /<span class="price">\$10\.00<\/span>/);
    assert.match(
      html,
      /class="stock stock--in-stock" id="product-stock">In stock/,
    );
  });

  test("returns 404 page for unknown variant", async () => {
    const { status } = await getHtml("/p/quokka-tee?variant=NOPE");

    assert.equal(status, 404);
  });

  test("returns 404 page for unknown product", async () => {
    const { status, html, response } = await getHtml(`/p/no-such-${runId}`);

    assert.equal(status, 404);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html, /<h1 class="error-page__title">Page not found<\/h1>/);
  });

  test("shows a placeholder for remote images", async () => {
    const { html } = await getHtml("/p/faraway-vase");

    assert.doesNotMatch(html, /images\.example\.com/);
    assert.match(html, /src="\/assets\/[0-9a-f]+\/images\/placeholder\.svg"/);
  });

  test("escapes the product name", async () => {
    const list = await fetch(
      `${stack.apiUrl}/api/v1/products?q=sneaky&page=1&page_size=5`,
    );
    const body = (await list.json()) as {
      results: { slug: string; name: string }[];
    };
    const product = body.results[0];
    assert.ok(product, "the hostile product was not imported");
    assert.match(product.name, /<script>/);

    const { status, html } = await getHtml(`/p/${product.slug}`);

    assert.equal(status, 200);
    assert.match(html, /Sneaky &lt;script&gt;alert\(1\)&lt;\/script&gt; Mug/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /onerror/);
    assert.match(html, /<div class="prose">(<p>)?ok/);
  });
});

describe("other routes", () => {
  test("returns 404 page for unknown route", async () => {
    const { status, html } = await getHtml(`/no-such-page-${runId}`);

    assert.equal(status, 404);
    assert.match(html, /<!doctype html>/);
  });

  test("proxies demo media images", async () => {
    const response = await stack.get("/media/demo/t-shirt.svg");
    const body = await response.arrayBuffer();
    const etag = response.headers.get("etag");

    assert.equal(response.status, 200, stack.logs());
    assert.match(response.headers.get("content-type") ?? "", /^image\//);
    assert.ok(body.byteLength > 0);
    assert.ok(etag, "no ETag passed through");
    const revalidated = await stack.get("/media/demo/t-shirt.svg", {
      headers: { "if-none-match": etag },
    });
    assert.equal(revalidated.status, 304);
  });

  test("returns 404 page for unknown media", async () => {
    const { status, html } = await getHtml(`/media/demo/none-${runId}.png`);

    assert.equal(status, 404);
    assert.match(html, /<!doctype html>/);
  });

  test("serves versioned assets", async () => {
    const { html } = await getHtml("/");
    const stylesheet = /href="(\/assets\/[0-9a-f]+\/css\/site\.css)"/.exec(
      html,
    )?.[1];
    assert.ok(stylesheet, "no stylesheet link");

    const response = await stack.get(stylesheet);
    await response.arrayBuffer();

    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/css/);
  });

  test("sends the security headers", async () => {
    const { response } = await getHtml("/");

    assert.equal(
      response.headers.get("content-security-policy"),
      "default-src 'self';img-src 'self' data:;style-src 'self';" +
        "script-src 'self';frame-ancestors 'none';form-action 'self';" +
        "base-uri 'none'",
    );
    assert.equal(
      response.headers.get("referrer-policy"),
      "strict-origin-when-cross-origin",
    );
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  });

  test("sends security headers on errors", async () => {
    const { response } = await getHtml(`/p/no-such-${runId}`);

    assert.match(
      response.headers.get("content-security-policy") ?? "",
      /script-src 'self'/,
    );
  });

  test("echoes a safe request id", async () => {
    const response = await stack.get("/", {
      headers: { "x-request-id": `test-${runId}` },
    });
    await response.arrayBuffer();

    assert.equal(response.headers.get("x-request-id"), `test-${runId}`);
  });

  test("replaces an unsafe request id", async () => {
    const response = await stack.get("/", {
      headers: { "x-request-id": "bad id with spaces" },
    });
    await response.arrayBuffer();

    assert.notEqual(response.headers.get("x-request-id"), "bad id with spaces");
  });
});

describe("API unavailable", () => {
  test("refused connection gives 503 page", async () => {
    const closedPort = await findFreePort();
    const web = await startWeb(`http://127.0.0.1:${closedPort}`);

    const response = await web.get("/c/lighting");
    const html = await response.text();

    assert.equal(response.status, 503, web.logs());
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html, /The shop is temporarily unavailable/);
    assert.doesNotMatch(html, /ECONNREFUSED|at .*\.ts:\d+/);
  });

  test("API timeout gives 503 page", async () => {
    // A server that accepts connections and never responds.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) =>
      silent.listen(0, "127.0.0.1", resolve),
    );
    after(() => {
      for (const socket of sockets) socket.destroy();
      silent.close();
    });
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const web = await startWeb(`http://127.0.0.1:${port}`, {
      API_TIMEOUT_MS: "300",
    });

    const response = await web.get("/");
    const html = await response.text();

    assert.equal(response.status, 503, web.logs());
    assert.match(html, /The shop is temporarily unavailable/);
  });
});
