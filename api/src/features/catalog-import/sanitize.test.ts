import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { htmlToPlainText, sanitizeDescription } from "./sanitize.js";

describe("sanitizeDescription", () => {
  test("removes script tags and content", () => {
    const html = "<p>Warm</p><script>alert(1)</script>";

    const result = sanitizeDescription(html);

    assert.equal(result, "<p>Warm</p>");
  });

  test("escapes script tags in plain text", () => {
    const result = sanitizeDescription("<script>alert(1)</script>");

    assert.doesNotMatch(result, /<script/i);
  });

  test("never lets a script survive", () => {
    const attacks = [
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//x.test/a.js></SCRIPT>",
      "<p>a</p><scr<script>ipt>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      '<a href="javascript:alert(1)">x</a>',
      "<svg onload=alert(1)>",
      "<iframe src=//x.test></iframe>",
      "&lt;script&gt;alert(1)&lt;/script&gt;",
    ];

    for (const attack of attacks) {
      const result = sanitizeDescription(attack);
      assert.doesNotMatch(result, /<script/i, attack);
      assert.doesNotMatch(
        result,
        /onerror|onload|javascript:|<iframe|<img/i,
        attack,
      );
    }
  });

  test("drops event and style attributes", () => {
    const html = '<p onclick="steal()" style="color:red" class="x">Hi</p>';

    const result = sanitizeDescription(html);

    assert.equal(result, "<p>Hi</p>");
  });

  test("keeps link text without link", () => {
    const html = '<p>See <a href="https://example.test">the guide</a>.</p>';

    const result = sanitizeDescription(html);

    assert.equal(result, "<p>See the guide.</p>");
  });

  test("keeps allowed formatting tags", () => {
    const html =
      "<p><strong>a</strong> <em>b</em> <b>c</b> <i>d</i><br /></p><ul><li>e</li></ul><ol><li>f</li></ol>";

    const result = sanitizeDescription(html);

    assert.equal(
      result,
      "<p><strong>a</strong> <em>b</em> <b>c</b> <i>d</i><br /></p><ul><li>e</li></ul><ol><li>f</li></ol>",
    );
  });

  test("decodes named entities", () => {
    const html = "<p>&bull; Machine wash &amp; dry.<br />Lumaflex&trade;</p>";

    const result = sanitizeDescription(html);

    assert.equal(result, "<p>• Machine wash &amp; dry.<br />Lumaflex™</p>");
  });

  test("turns plain text into paragraphs", () => {
    const text = "First line\nsecond line\n\nTom & Jerry <3";

    const result = sanitizeDescription(text);

    assert.equal(
      result,
      "<p>First line<br>second line</p>\n<p>Tom &amp; Jerry &lt;3</p>",
    );
  });

  test("returns empty text for blank input", () => {
    assert.equal(sanitizeDescription("  \n "), "");
  });
});

describe("htmlToPlainText", () => {
  test("decodes entities and strips tags", () => {
    const result = htmlToPlainText(
      " Pursuit Lumaflex&trade; <b>Tone</b>  Band ",
    );

    assert.equal(result, "Pursuit Lumaflex™ Tone Band");
  });

  test("keeps literal markup characters", () => {
    const result = htmlToPlainText('Salt &amp; Pepper &lt;3 "mills"');

    assert.equal(result, 'Salt & Pepper <3 "mills"');
  });
});
