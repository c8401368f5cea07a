/** A tiny synthetic labelled data set (written by the tests, not taken from the licensed data). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOPICS = [
  {
    queue: 'Billing',
    priority: 'high',
    words: [
      'invoice',
      'charged twice',
      'refund',
      'payment failed',
      'Rechnung',
      'abgebucht',
      'credit note',
      'direct debit',
      'Gutschrift',
      'billing address',
      'Mahnung',
      'receipt',
    ],
  },
  {
    queue: 'IT',
    priority: 'medium',
    words: [
      'VPN',
      'password reset',
      'laptop',
      'printer jam',
      'WLAN',
      'Passwort',
      'docking station',
      'monitor flickers',
      'Drucker',
      'mailbox full',
      'Netzwerk',
      'keyboard',
    ],
  },
  {
    queue: 'Sales',
    priority: 'low',
    words: [
      'quote',
      'licences',
      'pricing',
      'demo call',
      'Angebot',
      'Lizenzen',
      'volume discount',
      'trial extension',
      'Preisliste',
      'enterprise plan',
      'Rabatt',
      'reseller',
    ],
  },
];

export function writeCsv(rows = 240, extraHeader = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'clf-'));
  const file = join(dir, 'tickets.csv');
  const lines = [`subject,body,queue,priority,type,language,tags${extraHeader}`];
  for (let i = 0; i < rows; i += 1) {
    const t = TOPICS[i % 3]!;
    const w = (k: number) => t.words[(i + k) % t.words.length];
    const type = i % 2 === 0 ? 'Incident' : 'Request';
    lines.push(
      `"About ${w(0)}","Hello, we have a question about ${w(1)} and ${w(2)}. Ticket ${i}.",${t.queue},${t.priority},${type},${i % 5 === 0 ? 'de' : 'en'},${t.queue}|${type}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
