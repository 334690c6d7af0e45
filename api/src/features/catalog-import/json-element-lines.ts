// Finds where each element of a top-level JSON array starts, so that a
// rejected product can be reported by its line in the file. JSON.parse keeps
// no positions, so the text is scanned once more. Outside strings, each `[`
// and `{` opens a nesting level and each `]` and `}` closes one. An element
// of the top-level array starts at the first character of a value at level 1.

const whitespace = new Set([" ", "\t", "\n", "\r"]);

/**
 * Returns the 1-based line on which each element of the top-level array in
 * `text` starts, in array order. Expects text that JSON.parse accepts as an
 * array. For other text the result is incomplete, but the scan still stops.
 */
export function findArrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let isInString = false;
  let isExpectingElement = false;

  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === "\n") line += 1;

    if (isInString) {
      // A backslash escapes the next character, which may be a quote.
      if (character === "\\") index += 1;
      else if (character === '"') isInString = false;
      continue;
    }
    if (character === undefined || whitespace.has(character)) continue;

    if (depth === 1 && isExpectingElement && character !== "]") {
      lines.push(line);
      isExpectingElement = false;
    }
    if (character === '"') {
      isInString = true;
    } else if (character === "[" || character === "{") {
      depth += 1;
      if (depth === 1 && character === "[") isExpectingElement = true;
    } else if (character === "]" || character === "}") {
      depth -= 1;
    } else if (character === "," && depth === 1) {
      isExpectingElement = true;
    }
  }
  return lines;
}
