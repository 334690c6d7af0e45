// Keyboard helpers for journeys: press Tab and Shift-Tab, read which element
// has focus, and check that it shows a focus indicator the site drew
// itself: an outline at least 2 px thick or a box-shadow. Chromium's own
// thin focus ring does not count.
import assert from "node:assert/strict";

import type { Page } from "playwright-core";

/** Tab stops to try before deciding that a control cannot be reached. */
const maxTabStops = 400;
/** The thinnest outline that counts as a visible focus indicator. */
const minOutlinePx = 2;

export interface FocusedElement {
  /** "a", "button", "input[type=search]", "select", "body"... */
  kind: string;
  /** A short description for failure messages. */
  description: string;
  id: string;
  text: string;
  isInMain: boolean;
  matchesFocusVisible: boolean;
  outlineStyle: string;
  outlineWidthPx: number;
  boxShadow: string;
}

/** Describes the element that has focus, with its computed focus styles. */
export async function readFocus(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const element = document.activeElement ?? document.body;
    const style = getComputedStyle(element);
    const tag = element.tagName.toLowerCase();
    const type = element.getAttribute("type");
    const kind = tag === "input" ? `input[type=${type ?? "text"}]` : tag;
    const text = (element.textContent ?? "").replace(/\s+/g, " ").trim();
    const name =
      element.getAttribute("aria-label") ??
      element.getAttribute("name") ??
      text.slice(0, 40);
    return {
      kind,
      description: `${kind}${element.id ? `#${element.id}` : ""} "${name}"`,
      id: element.id,
      text,
      isInMain: element.closest("main") !== null,
      matchesFocusVisible: element.matches(":focus-visible"),
      outlineStyle: style.outlineStyle,
      outlineWidthPx: parseFloat(style.outlineWidth) || 0,
      boxShadow: style.boxShadow,
    };
  });
}

/** Says what is wrong with the focus indicator of `focused`, if anything. */
export function findFocusProblem(focused: FocusedElement): string | undefined {
  if (!focused.matchesFocusVisible) {
    return `${focused.description} has focus but does not match :focus-visible`;
  }
  const hasOutline =
    focused.outlineStyle !== "none" && focused.outlineWidthPx >= minOutlinePx;
  const hasShadow = focused.boxShadow !== "none" && focused.boxShadow !== "";
  if (!hasOutline && !hasShadow) {
    return `${focused.description} shows no focus indicator (outline ${focused.outlineStyle} ${focused.outlineWidthPx}px, box-shadow ${focused.boxShadow})`;
  }
  return undefined;
}

/** Presses Tab (or Shift-Tab) and returns the element that gets focus. */
export async function pressTab(
  page: Page,
  backwards = false,
): Promise<FocusedElement> {
  await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  return readFocus(page);
}

/**
 * Presses Tab until `isTarget` holds for the focused element, checking the
 * focus indicator at each stop on the way.
 */
export async function tabTo(
  page: Page,
  what: string,
  isTarget: (focused: FocusedElement) => boolean,
): Promise<FocusedElement> {
  for (let stop = 0; stop < maxTabStops; stop += 1) {
    const focused = await pressTab(page);
    const problem = findFocusProblem(focused);
    assert.equal(problem, undefined, problem);
    if (isTarget(focused)) return focused;
  }
  throw new Error(`Tab never reached ${what}`);
}

/**
 * Presses Tab through the whole page, from the top until focus leaves the
 * page, and checks each stop's focus indicator. Returns the kinds of
 * element it stopped on.
 */
export async function tabThroughPage(page: Page): Promise<Set<string>> {
  const kinds = new Set<string>();
  const problems: string[] = [];
  for (let stop = 0; stop < maxTabStops; stop += 1) {
    const focused = await pressTab(page);
    if (focused.kind === "body") {
      assert.deepEqual(
        problems,
        [],
        `focus not visible:\n${problems.join("\n")}`,
      );
      return kinds;
    }
    kinds.add(focused.kind);
    const problem = findFocusProblem(focused);
    if (problem !== undefined) problems.push(problem);
  }
  throw new Error(
    `focus did not leave the page after ${maxTabStops} Tab stops`,
  );
}
