import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { productImageSource } from "./views.js";

const placeholder = "/assets/v1/images/placeholder.svg";

describe("productImageSource", () => {
  test("loads media paths", () => {
    assert.equal(
      productImageSource("/media/demo/mug.svg", placeholder),
      "/media/demo/mug.svg",
    );
  });

  test("replaces absolute URLs with the placeholder", () => {
    for (const url of [
      "https://cdn.example.com/a.jpg",
      "http://cdn.example.com/a.jpg",
      "//cdn.example.com/a.jpg",
      "data:image/png;base64,AAAA",
    ]) {
      assert.equal(productImageSource(url, placeholder), placeholder, url);
    }
  });

  test("replaces missing and climbing paths", () => {
    assert.equal(productImageSource(null, placeholder), placeholder);
    assert.equal(productImageSource(undefined, placeholder), placeholder);
    assert.equal(
      productImageSource("/media/../api/v1/products", placeholder),
      placeholder,
    );
  });
});
