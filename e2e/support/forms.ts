// Reads a form's error messages the way assistive technology finds them:
// the summary at the top with its links, and the message tied to each field
// through aria-describedby.
import assert from "node:assert/strict";

import type { Shopper } from "./journey.js";

export interface SummaryError {
  message: string;
  /** The id of the field the summary links to, without the "#". */
  fieldId: string;
}

/** Reads the errors listed in the summary at the top of the page, in order. */
export async function readErrorSummary(
  shopper: Shopper,
): Promise<SummaryError[]> {
  const links = shopper.page.locator(".error-summary .error-summary__list a");
  const errors: SummaryError[] = [];
  for (const link of await links.all()) {
    const href = (await link.getAttribute("href")) ?? "";
    errors.push({
      message: (await link.innerText()).trim(),
      fieldId: href.replace(/^#/, ""),
    });
  }
  return errors;
}

/**
 * Reads the error message of the field labelled `label`: the element named
 * in the field's aria-describedby whose id ends in "-error", without the
 * hidden "Error:" prefix. Returns undefined when the field shows no error.
 */
export async function readFieldError(
  shopper: Shopper,
  label: string,
): Promise<string | undefined> {
  const field = shopper.field(label);
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(/\s+/).find((id) => id.endsWith("-error"));
  if (errorId === undefined) return undefined;
  const text = await shopper.page.locator(`[id="${errorId}"]`).innerText();
  return text.replace(/^\s*Error:\s*/, "").trim();
}

/**
 * Checks that the page shows exactly the errors of `expected` (label to a
 * pattern of the message): next to each field, marked invalid, and in the
 * summary at the top in the same order, each linking to its field.
 */
export async function expectFormErrors(
  shopper: Shopper,
  expected: ReadonlyArray<readonly [label: string, message: RegExp]>,
): Promise<void> {
  const summary = await readErrorSummary(shopper);
  assert.equal(
    summary.length,
    expected.length,
    `summary lists: ${summary.map((error) => error.message).join(" / ")}`,
  );
  for (const [index, [label, pattern]] of expected.entries()) {
    const field = shopper.field(label);
    const message = await readFieldError(shopper, label);
    assert.ok(message !== undefined, `no error next to "${label}"`);
    assert.match(message, pattern, `error next to "${label}"`);
    assert.equal(await field.getAttribute("aria-invalid"), "true", label);
    const listed = summary[index];
    assert.equal(listed?.message, message, `summary entry ${index + 1}`);
    assert.equal(listed?.fieldId, await field.getAttribute("id"), label);
  }
  assert.match(await shopper.page.title(), /^Error: /);
}
