// Runs axe-core on a page and fails on every serious or critical violation,
// listing each with its rule, the elements it found and how to fix it.
// Lesser findings are returned for the journey's report.
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

import { checkPageWithJavaScript } from "./browser.js";

type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type Violation = AxeResults["violations"][number];

/** The impacts that fail a page. */
const failingImpacts: ReadonlySet<string> = new Set(["serious", "critical"]);

export interface AccessibilityOptions {
  /**
   * axe rules to leave out on this page, each with the reason in words.
   * A rule without a reason is refused.
   */
  disabledRules?: Readonly<Record<string, string>>;
}

export interface AccessibilityReport {
  /** The page that was checked. */
  url: string;
  /** Moderate and minor findings, which do not fail the page. */
  lesserFindings: string[];
}

/** Elements named per violation; the rest are counted. */
const maxTargetsShown = 5;

/** Describes a violation in one line: rule, impact, help, elements, guide. */
export function describeViolation(violation: Violation): string {
  const all = violation.nodes.map((node) => node.target.map(String).join(" "));
  const hidden = all.length - maxTargetsShown;
  const targets =
    all.slice(0, maxTargetsShown).join(", ") +
    (hidden > 0 ? ` and ${hidden} more` : "");
  return `${violation.id} (${violation.impact ?? "no impact"}): ${violation.help}; at ${targets}; see ${violation.helpUrl}`;
}

function checkReasons(disabledRules: Readonly<Record<string, string>>): void {
  for (const [rule, reason] of Object.entries(disabledRules)) {
    if (reason.trim().length < 10) {
      throw new Error(
        `axe rule ${rule} is disabled without a reason: say why in words`,
      );
    }
  }
}

/**
 * Runs axe on `page` as it is now and throws when it finds a serious or
 * critical violation. Works in browsers with JavaScript off too: axe then
 * runs on a copy of the page.
 */
export async function expectAccessible(
  page: Page,
  options: AccessibilityOptions = {},
): Promise<AccessibilityReport> {
  const disabledRules = options.disabledRules ?? {};
  checkReasons(disabledRules);
  const ruleIds = Object.keys(disabledRules);
  const results = await checkPageWithJavaScript(page, (target) => {
    const builder = new AxeBuilder({ page: target });
    return ruleIds.length > 0
      ? builder.disableRules(ruleIds).analyze()
      : builder.analyze();
  });

  const failing = results.violations.filter((violation) =>
    failingImpacts.has(violation.impact ?? ""),
  );
  if (failing.length > 0) {
    throw new Error(
      `axe found ${failing.length} serious or critical violation(s) on ${page.url()}:\n` +
        failing
          .map((violation) => `  - ${describeViolation(violation)}`)
          .join("\n"),
    );
  }
  return {
    url: page.url(),
    lesserFindings: results.violations.map(describeViolation),
  };
}
