/**
 * TEST-ONLY REFERENCE: cleanText as it was before the single-pass rewrite in
 * shared/classifier/text.ts (commit 42607f6), kept verbatim so tests can check the new one gives
 * the same strings.
 */
export function referenceCleanText(text: string, cap: number): string {
  // Control characters and unpaired surrogates from binary garbage become spaces.
  const cleaned = text
    .slice(0, cap * 2)
    .replace(/\\n|\\r|\\t/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this turns into spaces
    .replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffd]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.slice(0, cap);
}
