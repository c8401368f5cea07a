/**
 * Bad requests every function must answer with a 4xx JSON error that names the problem: invalid
 * JSON, wrong content types, empty bodies, deep or huge JSON, random bytes, wrong field types.
 * Deterministic (seeded bytes), so a failure reproduces.
 */
export interface BadInput {
  name: string;
  contentType?: string;
  body: string | Buffer;
}

/** Reproducible pseudo-random bytes (xorshift32), for inputs that must be the same on every run. */
export function seededBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function badInputs(): BadInput[] {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  return [
    { name: 'malformed JSON', contentType: 'application/json', body: '{"subject": "x",' },
    { name: 'JSON null', contentType: 'application/json', body: 'null' },
    { name: 'JSON number', contentType: 'application/json', body: '42' },
    { name: 'empty JSON object', contentType: 'application/json', body: '{}' },
    { name: 'empty JSON array', contentType: 'application/json', body: '[]' },
    { name: 'deeply nested JSON', contentType: 'application/json', body: deep },
    {
      name: 'huge JSON (3 MB)',
      contentType: 'application/json',
      body: JSON.stringify({ subject: 'x', description: 'y'.repeat(3_000_000) }),
    },
    { name: 'random bytes as octet-stream', contentType: 'application/octet-stream', body: seededBytes(2048, 7) },
    { name: 'random bytes as JSON', contentType: 'application/json', body: seededBytes(512, 11) },
    { name: 'XML', contentType: 'application/xml', body: '<ticket><subject>x</subject></ticket>' },
    { name: 'form data', contentType: 'application/x-www-form-urlencoded', body: 'subject=x&description=y' },
    {
      name: 'wrong types',
      contentType: 'application/json',
      body: JSON.stringify({ subject: 42, description: ['a'], id: 'seven' }),
    },
    {
      name: 'negative ticket id',
      contentType: 'application/json',
      body: JSON.stringify({ ticketId: -3, id: -3, subject: 'x', description_text: 'y' }),
    },
  ];
}

/** Every secret-looking string must be absent from all captured output. */
export function findLeaks(haystacks: string[], secrets: string[]): { secret: string; where: number }[] {
  const leaks: { secret: string; where: number }[] = [];
  const forms = secrets.flatMap((s) => [s, Buffer.from(`${s}:X`).toString('base64')]);
  haystacks.forEach((h, where) => {
    for (const s of forms) if (s.length >= 6 && h.includes(s)) leaks.push({ secret: `${s.slice(0, 3)}…`, where });
  });
  return leaks;
}
