// Checks every cart line and takes its stock, for checkout. Any failing
// line fails the whole order, and the error names every failing line, so
// the shopper can fix the cart in one go.
import type { Database } from "../../db/client.js";
import { AppErrorWithMembers, type FieldError } from "../../errors.js";
import {
  findSellableVariant,
  type CartLineRow,
} from "../carts/carts.queries.js";
import { takeStock } from "../orders/orders.queries.js";

interface LineProblem {
  line: CartLineRow;
  available: number;
  reason: "unavailable" | "insufficient_stock";
}

function describeProblem(problem: LineProblem): string {
  const { line, available } = problem;
  const field = `items[${line.id}]`;
  if (problem.reason === "unavailable") {
    return `${field} ${line.sku} is no longer sold: remove it from the cart.`;
  }
  return `${field} asks for ${line.quantity} of ${line.sku}, but only ${available} ${available === 1 ? "is" : "are"} in stock.`;
}

function findProblem(line: CartLineRow): LineProblem | undefined {
  if (!line.isVariantActive || !line.isProductActive) {
    return { line, available: 0, reason: "unavailable" };
  }
  if (line.stockOnHand < line.quantity) {
    return { line, available: line.stockOnHand, reason: "insufficient_stock" };
  }
  return undefined;
}

function rejectLines(problems: readonly LineProblem[]): AppErrorWithMembers {
  const errors: FieldError[] = problems.map((problem) => ({
    field: `items[${problem.line.id}]`,
    message: describeProblem(problem),
  }));
  const hasStockProblem = problems.some(
    (problem) => problem.reason === "insufficient_stock",
  );
  return new AppErrorWithMembers(
    hasStockProblem ? "INSUFFICIENT_STOCK" : "VARIANT_UNAVAILABLE",
    `${problems.length} cart ${problems.length === 1 ? "line cannot" : "lines cannot"} be ordered: ${errors.map((error) => error.message).join(" ")} Nothing was ordered or charged.`,
    {
      items: problems.map((problem) => ({
        id: problem.line.id,
        variant_id: problem.line.variantId,
        sku: problem.line.sku,
        quantity: problem.line.quantity,
        available: problem.available,
        reason: problem.reason,
      })),
    },
    errors,
  );
}

/**
 * Takes the stock of every line, in variant id order so that concurrent
 * checkouts lock variant rows in the same order and cannot deadlock. Throws
 * INSUFFICIENT_STOCK or VARIANT_UNAVAILABLE naming every failing line; the
 * caller's transaction then rolls back whatever was taken.
 */
export async function reserveStockOrThrow(
  tx: Database,
  lines: readonly CartLineRow[],
): Promise<void> {
  const early = lines
    .map(findProblem)
    .filter((problem) => problem !== undefined);
  if (early.length > 0) throw rejectLines(early);

  const byVariant = [...lines].sort((a, b) =>
    a.variantId < b.variantId ? -1 : 1,
  );
  const problems: LineProblem[] = [];
  for (const line of byVariant) {
    if (await takeStock(tx, line.variantId, line.quantity)) continue;
    const variant = await findSellableVariant(tx, line.variantId);
    problems.push({
      line,
      available: variant?.isSellable ? variant.stockOnHand : 0,
      reason: variant?.isSellable ? "insufficient_stock" : "unavailable",
    });
  }
  if (problems.length > 0) throw rejectLines(problems);
}
