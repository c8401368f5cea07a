/**
 * Relative links in the repository's Markdown pages: each one must name a file that exists, and a
 * `#anchor` must name a heading of that page (GitHub's slugs), so a page that moves or a heading
 * that is renamed fails the check instead of leaving a dead link.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  reason: string;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown text: one per heading, outside code fences, with GitHub's -1, -2 for repeats. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = headingSlug(heading);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

const LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** The relative links of `file` (whose text is `markdown`) that do not resolve, read from `root`. */
export function brokenLinks(file: string, markdown: string, root = '.'): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const lines = markdown.split('\n');
  let fenced = false;
  lines.forEach((text, i) => {
    if (/^\s*```/.test(text)) fenced = !fenced;
    if (fenced) return;
    for (const m of text.matchAll(LINK)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
      const [path = '', anchor] = target.split('#', 2);
      const resolved = path === '' ? file : normalize(join(dirname(file), decodeURI(path)));
      const report = (reason: string) => broken.push({ file, line: i + 1, target, reason });
      if (path === '') {
        if (anchor && !anchorsOf(markdown).has(anchor)) report(`${file} has no heading #${anchor}`);
      } else if (resolved.startsWith('..')) report('points outside the repository');
      else if (!existsSync(join(root, resolved))) report(`${resolved} does not exist`);
      else if (anchor !== undefined && resolved.endsWith('.md') && statSync(join(root, resolved)).isFile()) {
        if (!anchorsOf(readFileSync(join(root, resolved), 'utf8')).has(anchor))
          report(`${resolved} has no heading #${anchor}`);
      }
    }
  });
  return broken;
}
