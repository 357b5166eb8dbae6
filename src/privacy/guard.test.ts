import { describe, expect, it } from 'vitest';
import { guardOutbound, guardOutboundAll } from './guard.ts';
import { restore } from './placeholders.ts';
import type { KnownValue } from './types.ts';

const known: KnownValue[] = [
  { category: 'name', value: 'Anna-Lena Müller' },
  { category: 'iban', value: 'DE89370400440532013000' },
];

describe('guardOutbound', () => {
  it('lets a pseudonymised text through and the answer can be restored', () => {
    const g = guardOutbound('Frau Anna-Lena Müller bittet um Zahlung auf DE89 3704 0044 0532 0130 00 (Bescheid vom 01.02.2025, 437,50 €).', known);
    expect(g.allowed).toBe(true);
    if (!g.allowed) return;
    expect(g.text).toBe('Frau «PERSON_1» bittet um Zahlung auf «IBAN_1» (Bescheid vom 01.02.2025, 437,50 €).');
    expect(g.audit).toMatchObject({ decision: 'allowed', counts: { PERSON: 1, IBAN: 1 } });
    expect(restore('Antwort an «PERSON_1»', g.mapping)).toBe('Antwort an Anna-Lena Müller');
  });

  it('blocks identifiers spread out so that no pattern sees them (deep check)', () => {
    for (const text of ['ID: 86_095_742_719', 'Nummer 860957\n42719', 'IDNR86095742719X', 'Nr. 8 6  0 9 5 7 4 2 7 1 9', 'G B 8 2 W E S T 1 2 3 4 5 6 9 8 7 6 5 4 3 2', 'A-n-n-a L-e-n-a M-ü-l-l-e-r']) {
      const g = guardOutbound(text, known);
      expect(g.allowed, text).toBe(false);
      if (!g.allowed) expect(g.reason).toBe('residual_personal_data');
    }
  });

  it('does not block because replacing brought a context word closer or a placeholder reads like one', () => {
    const mrz = 'Hier die Daten aus meinem Ausweis:\nIDD<<T19GJ9XV30<<<<<<<<<<<<<<<\n7410013<3207039D<<<<<<<<<<<<<0\nSCHMIDT<<HANNELORE<<<<<<<<<<<<\n Kundennummer: 2953008156';
    expect(guardOutbound(mrz)).toMatchObject({ allowed: true });
    const phone = 'ruf mich an: 01725935481 Rechnungsnummer 084085412 vom 2024-04-28';
    const g = guardOutbound(phone);
    expect(g).toMatchObject({ allowed: true, text: 'ruf mich an: «TELEFON_1» Rechnungsnummer 084085412 vom 2024-04-28' });
  });

  it('blocks texts above the length limit instead of checking them slowly', () => {
    expect(guardOutbound('Antrag '.repeat(20), [], { maxLength: 100 })).toMatchObject({ allowed: false, reason: 'input_too_long' });
    expect(guardOutbound('Antrag '.repeat(20), [], { maxLength: 200 }).allowed).toBe(true);
    expect(guardOutbound('x'.repeat(100_001))).toMatchObject({ allowed: false, reason: 'input_too_long' });
  });

  it('fails closed on an error', () => {
    const g = guardOutbound(42 as unknown as string, known);
    expect(g).toMatchObject({ allowed: false, reason: 'guard_error', findings: [] });
  });

  it('refuses any personal data under the refuse policy (sandbox, chatbot) and allows clean text', () => {
    const refused = guardOutbound('Meine Steuer-ID ist 86095742719', [], { policy: 'refuse' });
    expect(refused).toMatchObject({ allowed: false, reason: 'personal_data_refused' });
    const clean = guardOutbound('Wie beantrage ich Wohngeld nach § 7 WoGG? Miete 650,00 €.', [], { policy: 'refuse' });
    expect(clean).toMatchObject({ allowed: true, text: 'Wie beantrage ich Wohngeld nach § 7 WoGG? Miete 650,00 €.' });
  });

  it('under refuse, ignores weak findings below minConfidence but still replaces them', () => {
    const weak = 'Meine Tochter Sprachförderung bekommt sie nicht.';
    const g = guardOutbound(weak, [], { policy: 'refuse', minConfidence: 0.7 });
    expect(g).toMatchObject({ allowed: true, text: 'Meine Tochter «PERSON_1» bekommt sie nicht.' });
    expect(guardOutbound(weak, [], { policy: 'refuse' }).allowed).toBe(false);
    expect(guardOutbound('Frau Schulz bekommt sie nicht.', [], { policy: 'refuse', minConfidence: 0.7 }).allowed).toBe(false);
  });

  it('blocks on a malformed known value instead of sending unchecked text', () => {
    const g = guardOutbound('Frau Müller', [{ category: 'spitzname' as never, value: 'Mülli' }]);
    expect(g).toMatchObject({ allowed: false, reason: 'guard_error' });
  });

  it('writes an audit record without the personal data and with keyed hashes', () => {
    const key = new Uint8Array(32).fill(7);
    const a = guardOutbound('Steuer-ID 86095742719, Mail anna@example.org', [], { policy: 'refuse', auditKey: key });
    const b = guardOutbound('Steuer-ID 86095742719', [], { policy: 'refuse', auditKey: key });
    const c = guardOutbound('Steuer-ID 86095742719', [], { policy: 'refuse' });
    const json = JSON.stringify(a.audit);
    expect(json).not.toContain('86095742719');
    expect(json).not.toContain('anna');
    expect(a.audit.findings.map((f) => [f.kind, f.start, f.end, f.valid])).toEqual([
      ['STEUER_ID', 10, 21, true],
      ['EMAIL', 28, 44, true],
    ]);
    expect(a.audit.findings[0]!.hash).toBe(b.audit.findings[0]!.hash); // same key, same value
    expect(c.audit.findings[0]!.hash).not.toBe(b.audit.findings[0]!.hash); // random key per call
    expect(c.audit.hashKeyed).toBe('random-per-call');
  });

  it('guards all texts of one request with one mapping; one bad text blocks the request', () => {
    const ok = guardOutboundAll(['Frau Müller schreibt:', 'Bitte an Frau Müller zahlen.'], known);
    expect(ok).toMatchObject({ allowed: true, texts: ['Frau «PERSON_1» schreibt:', 'Bitte an Frau «PERSON_1» zahlen.'] });
    const bad = guardOutboundAll(['Frau Müller schreibt:', 'Nummer 86_095_742_719'], known);
    expect(bad).toMatchObject({ allowed: false, index: 1, reason: 'residual_personal_data' });
  });
});
