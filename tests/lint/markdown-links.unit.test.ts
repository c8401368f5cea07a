import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenLinks } from '../../tools/lint/markdown-links';

const root = mkdtempSync(join(tmpdir(), 'md-links-'));
mkdirSync(join(root, 'docs'));
writeFileSync(join(root, 'docs/deploy.md'), '# Deploy to OpenFaaS\n\n## Timeouts\n\n```sh\n# not a heading\n```\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const check = (markdown: string) => brokenLinks('README.md', markdown, root).map((b) => b.reason);

describe('brokenLinks', () => {
  it('accepts links to pages and headings that exist, and external links', () => {
    expect(
      check('[d](docs/deploy.md) [t](docs/deploy.md#timeouts) [x](https://docs.openfaas.com/) [s](#top)\n# Top'),
    ).toEqual([]);
  });

  it('names a missing page, a missing heading and a link out of the repository', () => {
    expect(
      check('[a](docs/gone.md)\n[b](docs/deploy.md#scaling)\n[c](docs/deploy.md#not-a-heading)\n[d](../x.md)'),
    ).toEqual([
      'docs/gone.md does not exist',
      'docs/deploy.md has no heading #scaling',
      'docs/deploy.md has no heading #not-a-heading',
      'points outside the repository',
    ]);
  });

  it('reads links relative to the page and skips code blocks', () => {
    expect(brokenLinks('docs/deploy.md', '[r](../README.md)\n```\n[x](nowhere.md)\n```\n', root)).toEqual([
      { file: 'docs/deploy.md', line: 1, target: '../README.md', reason: 'README.md does not exist' },
    ]);
  });
});
