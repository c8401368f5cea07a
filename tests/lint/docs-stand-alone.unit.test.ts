import { describe, expect, it } from 'vitest';
import { findingsIn } from '../../tools/lint/docs-stand-alone';

const lines = (file: string, text: string) => findingsIn(file, text).map((f) => f.line);

describe('docs stand alone', () => {
  it('fails a made-up file that points outside the repository', () => {
    const made = [
      '/** Page cap (freshdesk-api.md §4.3). */', // 1: a section of a document not in the repo
      '// see openfaas.md for the watchdog', // 2: the outside reference document by name
      '// the rule is in §2.4', // 3: a bare section number
      "const data = '../shared/data/tickets/tickets-train.csv';", // 4: beside the clone
      ' * behaviour: /work/shared/docs/freshdesk-api.md', // 5: a build machine's path
      "mount('/root/.npmrc');", // 6: root's home
      "const cache = '/home/alice/cache';", // 7: a user's home
      "const scratch = '/tmp/h26-build';", // 8: a specific file under /tmp
    ].join('\n');
    expect(lines('shared/freshdesk/made-up.ts', made)).toEqual([1, 1, 2, 3, 4, 5, 5, 6, 7, 8]);
  });

  it('passes the same facts pointed at the repository, and the image paths', () => {
    const fine = [
      '/** Page cap (docs/freshdesk.md#pages-and-the-300-page-cap). */',
      "import { x } from '../../shared/freshdesk';",
      ' * the image: /home/app/function, the watchdog lock /tmp/.lock',
      "const dir = mkdtempSync(join(tmpdir(), 'x-'));",
    ].join('\n');
    expect(lines('shared/freshdesk/made-up.ts', fine)).toEqual([]);
  });

  it('lets tests and .ci/run use the data and tools beside the clone, and tests use /tmp', () => {
    const text = "const faas = '../shared/tools/openfaas/faas-cli'; const gone = '/tmp/never';";
    expect(lines('tests/image/made-up.test.ts', text)).toEqual([]);
    expect(lines('.ci/run', 'PATH=../shared/tools/openfaas:$PATH')).toEqual([]);
    expect(lines('bench/made-up.ts', text)).toEqual([1, 1]);
  });

  it('fails a comment that names a repository file that does not exist', () => {
    const text = ' * tests/classifier/linear.test.ts checks it; docs/freshdesk.md#search and docs/openfaas.md say why';
    expect(findingsIn('shared/classifier/made-up.ts', text).map((f) => f.rule)).toEqual([
      'names tests/classifier/linear.test.ts, which does not exist',
    ]);
    expect(
      findingsIn('shared/classifier/made-up.ts', '// docs/freshdesk.md#no-such-heading').map((f) => f.rule),
    ).toEqual(['names docs/freshdesk.md#no-such-heading, a heading that page does not have']);
  });

  it('fails a README section that the README does not have', () => {
    const text = `message('see README, "Deploy to OpenFaaS, in short"'); // README: "Webhooks of old"`;
    expect(findingsIn('tools/made-up.ts', text).map((f) => f.rule)).toEqual([
      'names the README section "Webhooks of old", which it does not have: name the docs/ page',
    ]);
  });

  it('checks the relative links of a Markdown file; docs pages may name their neighbours', () => {
    const page = '# Page\n\nSee [OpenFaaS](openfaas.md#timeouts), [gone](nowhere.md) and [here](#page).\n';
    expect(findingsIn('docs/made-up.md', page).map((f) => f.rule)).toEqual([
      'the link nowhere.md does not resolve: docs/nowhere.md does not exist',
    ]);
  });
});
