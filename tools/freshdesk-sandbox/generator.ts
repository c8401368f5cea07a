/**
 * Generates realistic, varied tickets from templates for benchmarks (1,000+ tickets), fully
 * determined by the seed: the same `{ count, seed }` always yields the same tickets.
 */
import { z } from 'zod';
import { QUEUES } from './account';
import type { TicketSeed } from './model';
import { prng } from './text';

export const GenerateOptions = z.strictObject({
  count: z.number().int().min(1).max(100_000),
  /** PRNG seed. @default 42 */
  seed: z.number().int().default(42),
  /** Spread creation times over this many hours before now. @default 72 */
  spreadHours: z
    .number()
    .positive()
    .max(24 * 365)
    .default(72),
  /** Share of German tickets (0–1). @default 0.3 */
  germanShare: z.number().min(0).max(1).default(0.3),
});
export type GenerateOptions = z.input<typeof GenerateOptions>;

type Queue = (typeof QUEUES)[number];
export interface Template {
  type: string;
  priority: number;
  en: [string, string];
  de: [string, string];
}

/** `{product}`, `{n}`, `{day}`, `{err}` are filled from the lists below. */
export const TEMPLATES: Record<Queue, Template[]> = {
  'Technical Support': [
    {
      type: 'Incident',
      priority: 3,
      en: [
        '{product} crashes when opening large files',
        'Since {day}, {product} crashes as soon as I open a file over {n} MB. Error code {err}.',
      ],
      de: [
        '{product} stürzt beim Öffnen großer Dateien ab',
        'Seit {day} stürzt {product} ab, sobald ich eine Datei über {n} MB öffne. Fehlercode {err}.',
      ],
    },
    {
      type: 'Problem',
      priority: 2,
      en: [
        'API calls to {product} time out',
        'About {n} percent of our API calls to {product} time out after 30 seconds since {day}.',
      ],
      de: [
        'API-Aufrufe an {product} laufen in Timeouts',
        'Seit {day} laufen etwa {n} Prozent unserer API-Aufrufe an {product} nach 30 Sekunden in einen Timeout.',
      ],
    },
  ],
  'Product Support': [
    {
      type: 'Question',
      priority: 1,
      en: [
        'How do I set up {product} for multiple teams?',
        'We have {n} teams and want separate views in {product}. Is that possible?',
      ],
      de: [
        'Wie richte ich {product} für mehrere Teams ein?',
        'Wir haben {n} Teams und möchten getrennte Ansichten in {product}. Geht das?',
      ],
    },
    {
      type: 'Feature Request',
      priority: 1,
      en: [
        'Suggestion: bulk edit in {product}',
        'It would save us hours if we could edit {n} records at once in {product}.',
      ],
      de: [
        'Vorschlag: Massenbearbeitung in {product}',
        'Es würde uns viel Zeit sparen, wenn wir {n} Datensätze gleichzeitig in {product} bearbeiten könnten.',
      ],
    },
  ],
  'Customer Service': [
    {
      type: 'Request',
      priority: 2,
      en: ['Please update my contact details', 'Our company moved on {day}. Please update the address on account {n}.'],
      de: [
        'Bitte Kontaktdaten aktualisieren',
        'Unser Unternehmen ist am {day} umgezogen. Bitte aktualisieren Sie die Adresse für Kundennummer {n}.',
      ],
    },
    {
      type: 'Problem',
      priority: 3,
      en: [
        'Complaint about order {n}',
        'Order {n} arrived late and incomplete. I am very disappointed with the service.',
      ],
      de: [
        'Beschwerde zu Bestellung {n}',
        'Bestellung {n} kam verspätet und unvollständig an. Ich bin sehr enttäuscht.',
      ],
    },
  ],
  'IT Support': [
    {
      type: 'Incident',
      priority: 3,
      en: ['Cannot connect to VPN', 'Since {day} the VPN client fails with {err}. I cannot reach the file server.'],
      de: [
        'VPN-Verbindung schlägt fehl',
        'Seit {day} meldet der VPN-Client {err}. Ich komme nicht auf den Dateiserver.',
      ],
    },
    {
      type: 'Request',
      priority: 2,
      en: [
        'New laptop and access for a new hire',
        'A new colleague starts on {day}. Please prepare a laptop and access to {product}.',
      ],
      de: [
        'Laptop und Zugänge für neue Kollegin',
        'Eine neue Kollegin beginnt am {day}. Bitte Laptop und Zugang zu {product} vorbereiten.',
      ],
    },
  ],
  'Billing and Payments': [
    {
      type: 'Problem',
      priority: 3,
      en: [
        'Charged twice for invoice {n}',
        'Invoice {n} was charged twice to our card on {day}. Please refund one payment.',
      ],
      de: [
        'Rechnung {n} doppelt abgebucht',
        'Rechnung {n} wurde am {day} doppelt abgebucht. Bitte erstatten Sie eine Zahlung.',
      ],
    },
    {
      type: 'Question',
      priority: 2,
      en: [
        'Question about invoice {n}',
        'Invoice {n} shows {n} seats, but we only use fewer. Can you explain the amount?',
      ],
      de: [
        'Frage zur Rechnung {n}',
        'Auf Rechnung {n} stehen mehr Lizenzen, als wir nutzen. Können Sie den Betrag erklären?',
      ],
    },
  ],
  'Returns and Exchanges': [
    {
      type: 'Refund',
      priority: 2,
      en: ['Return of order {n}', 'The item from order {n} does not fit. I would like to return it and get a refund.'],
      de: [
        'Rücksendung Bestellung {n}',
        'Der Artikel aus Bestellung {n} passt nicht. Ich möchte ihn zurücksenden und den Betrag erstattet bekommen.',
      ],
    },
    {
      type: 'Request',
      priority: 1,
      en: ['Exchange item from order {n}', 'Can I exchange the item from order {n} for another size?'],
      de: [
        'Umtausch aus Bestellung {n}',
        'Kann ich den Artikel aus Bestellung {n} gegen eine andere Größe umtauschen?',
      ],
    },
  ],
  'Service Outages and Maintenance': [
    {
      type: 'Incident',
      priority: 4,
      en: [
        '{product} is down for all users',
        'Since {day} nobody can reach {product}; the page shows {err}. This blocks our whole team.',
      ],
      de: [
        '{product} für alle Nutzer nicht erreichbar',
        'Seit {day} erreicht niemand {product}, die Seite zeigt {err}. Das ganze Team ist blockiert.',
      ],
    },
    {
      type: 'Question',
      priority: 2,
      en: ['Maintenance window on {day}', 'How long will {product} be unavailable during the maintenance on {day}?'],
      de: ['Wartungsfenster am {day}', 'Wie lange ist {product} während der Wartung am {day} nicht verfügbar?'],
    },
  ],
  'Sales and Pre-Sales': [
    {
      type: 'Question',
      priority: 2,
      en: [
        'Pricing for {n} users of {product}',
        'We are evaluating {product} for {n} users. Could you send us a quote?',
      ],
      de: [
        'Preise für {n} Nutzer von {product}',
        'Wir evaluieren {product} für {n} Nutzer. Können Sie uns ein Angebot schicken?',
      ],
    },
    {
      type: 'Request',
      priority: 1,
      en: ['Demo of {product} requested', 'Could you show {product} to our team on {day}?'],
      de: ['Demo von {product} gewünscht', 'Können Sie unserem Team {product} am {day} vorstellen?'],
    },
  ],
  'Human Resources': [
    {
      type: 'Question',
      priority: 1,
      en: ['Question about holiday allowance', 'How many of my {n} remaining holiday days can I carry over?'],
      de: ['Frage zum Urlaubsanspruch', 'Wie viele meiner {n} Resturlaubstage kann ich übertragen?'],
    },
    {
      type: 'Request',
      priority: 2,
      en: ['Payslip missing', 'My payslip for {day} is missing in the HR portal.'],
      de: ['Gehaltsabrechnung fehlt', 'Meine Gehaltsabrechnung für {day} fehlt im Personalportal.'],
    },
  ],
  'General Inquiry': [
    {
      type: 'Question',
      priority: 1,
      en: ['General question about your company', 'Do you have an office near us? We are {n} km from Berlin.'],
      de: [
        'Allgemeine Frage zu Ihrem Unternehmen',
        'Haben Sie ein Büro in unserer Nähe? Wir sind {n} km von Berlin entfernt.',
      ],
    },
  ],
};

const PRODUCTS = [
  'the sync agent',
  'the mobile app',
  'the web portal',
  'the reporting module',
  'the API',
  'the CRM connector',
];
const PRODUCTS_DE = [
  'der Sync-Agent',
  'die mobile App',
  'das Webportal',
  'das Berichtsmodul',
  'die API',
  'der CRM-Connector',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'yesterday', 'this morning'];
const DAYS_DE = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'gestern', 'heute Morgen'];
const ERRORS = ['ERR_CONN_RESET', '0x80070005', 'HTTP 503', 'E1042', 'timeout after 30s'];
const NAMES = [
  'Alex Morgan',
  'Sam Rivera',
  'Jamie Lee',
  'Kim Novak',
  'Chris Weber',
  'Robin Schulz',
  'Taylor Brooks',
  'Jordan Meyer',
];
const GREET = ['Hi,', 'Hello team,', 'Dear support,', ''];
const GREET_DE = ['Hallo,', 'Guten Tag,', 'Sehr geehrte Damen und Herren,', ''];

/** One ticket's text from a template, in English or German, as a requester would write it. */
export function writeTicket(
  rand: () => number,
  tpl: Template,
  de: boolean,
  i: number,
  productOverride?: string,
): Pick<TicketSeed, 'subject' | 'description' | 'requester'> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const fill = (s: string) =>
    s
      .replace(/\{product\}/g, () => productOverride ?? pick(de ? PRODUCTS_DE : PRODUCTS))
      .replace(/\{day\}/g, () => pick(de ? DAYS_DE : DAYS))
      .replace(/\{err\}/g, () => pick(ERRORS))
      .replace(/\{n\}/g, () => String(2 + Math.floor(rand() * 5000)));
  const [subjectT, bodyT] = de ? tpl.de : tpl.en;
  const subject = fill(subjectT);
  const greet = pick(de ? GREET_DE : GREET);
  const name = pick(NAMES);
  return {
    subject: subject.charAt(0).toUpperCase() + subject.slice(1),
    description: `${greet ? `<p>${greet}</p>` : ''}<p>${fill(bodyT)}</p><p>${de ? 'Viele Grüße' : 'Thanks'},<br>${name}</p>`,
    requester: { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}${i % 97}@generated.example` },
  };
}

export function generateTickets(input: GenerateOptions): TicketSeed[] {
  const o = GenerateOptions.parse(input);
  const rand = prng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: TicketSeed[] = [];
  for (let i = 0; i < o.count; i++) {
    const queue = pick(QUEUES);
    const tpl = pick(TEMPLATES[queue]);
    const de = rand() < o.germanShare;
    const text = writeTicket(rand, tpl, de, i);
    const ageMin = Math.round(rand() * o.spreadHours * 60);
    out.push({
      ...text,
      source: pick([1, 1, 1, 2, 3, 7]),
      status: 2,
      priority: 1,
      type: null,
      createdMinutesAgo: ageMin,
      updatedMinutesAgo: ageMin,
      expected: { queue, type: tpl.type, priority: tpl.priority },
    });
  }
  // Oldest first, so display ids grow with creation time as in Freshdesk.
  return out.sort((a, b) => (b.createdMinutesAgo ?? 0) - (a.createdMinutesAgo ?? 0));
}
