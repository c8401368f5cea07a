/**
 * A linear pre-scan of a JSON text before `JSON.parse` builds it: nesting deeper than `maxDepth`
 * or more than `maxItems` keys and array items is refused without allocating the tree. A 1 MB body
 * of `[[[[...` (500k levels) or of `[{},{},...]` (300k objects) otherwise costs tens to hundreds of
 * MB while it is parsed, several at once push a function past its memory limit, and nothing a
 * function accepts comes near these bounds. Strings are skipped (their size is the body limit's).
 */
export interface JsonLimits {
  /** @default 32 */
  maxDepth?: number;
  /** Object keys plus array items, summed over the whole text. @default 20000 */
  maxItems?: number;
}

/** The problem with `text`'s shape, or undefined when it is within the limits (it may still be malformed). */
export function jsonShapeProblem(text: string, limits: JsonLimits = {}): string | undefined {
  const maxDepth = limits.maxDepth ?? 32;
  const maxItems = limits.maxItems ?? 20_000;
  let depth = 0;
  let items = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character (an escaped quote does not end the string).
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      items += 1;
      if (depth > maxDepth) return `JSON nested deeper than ${maxDepth} levels`;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
    else if (c === 0x2c) {
      items += 1;
      if (items > maxItems) return `JSON with more than ${maxItems} keys and items`;
    }
  }
  return undefined;
}
