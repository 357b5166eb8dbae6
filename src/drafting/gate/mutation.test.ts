import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelEndpointConfig, OpenAiCompatibleClient, startTestModelServer, type TestModelServer } from '../../model-client/index.ts';
import { mutating, plainLanguageWriter } from '../../model-client/test-server/behaviours.ts';
import { gateFacts, prepareDraft, type DraftingDeps } from '../generate.ts';
import { addDays, amountKey, formatDate, formatDateLong, formatEuro, isoDate, parseIsoDate } from '../german/format.ts';
import type { LetterInput } from '../model.ts';
import { factSlots } from '../prompts/facts.ts';
import { MUSTERSTADT_SETTINGS as S } from '../settings.ts';
import { engineCases } from '../testing/fixtures.ts';
import { resolvePack } from '../../pack-files/index.ts';
import { covers, normRefs } from '../german/citations.ts';
import { Decimal } from '../decimal.ts';

/**
 * Mutation testing of the gate: a model (the test server with a well-behaved writer) answers
 * with one fact changed — a wrong amount, date, period, deadline, Aktenzeichen or § citation,
 * a correct value in the wrong place, or a required fact dropped. Every mutation must be
 * caught with a finding that names the changed text; the unmutated answers must pass.
 */

interface Mutation {
  cls: 'betrag' | 'betrag_vertauscht' | 'datum' | 'datum_vertauscht' | 'zeitraum' | 'frist' | 'aktenzeichen' | 'paragraf' | 'weggelassen';
  apply: (paragraphs: string[]) => string[];
  /** Text the finding must name (null: a missing-fact finding). */
  expectFound: string | null;
}

const cases: [string, LetterInput][] = engineCases({ wohngeld: resolvePack('wohngeld'), kita: resolvePack('kita-beitrag') });

function replaceFirst(paragraphs: string[], from: string, to: string): string[] {
  let done = false;
  return paragraphs.map((p) => {
    if (done || !p.includes(from)) return p;
    done = true;
    return p.replace(from, to);
  });
}

function shiftMonth(iso: string, by: number): string {
  const { y, m, d } = parseIsoDate(iso);
  const idx = y * 12 + (m - 1) + by;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return isoDate(ny, nm, Math.min(d, 28));
}

function mutationsFor(input: LetterInput): Mutation[] {
  const facts = gateFacts(input, S);
  const slots = factSlots(input, S);
  const out: Mutation[] = [];
  const amountSlots = slots.filter((s) => s.value.endsWith('€'));
  const dateSlots = slots.filter((s) => /^\d{2}\.\d{2}\.\d{4}$/.test(s.value));
  const keyOfSlot = (s: { value: string }) => amountKey(s.value.replace(/\./g, '').replace(',', '.').replace(' €', ''));

  for (const s of amountSlots) {
    const v = new Decimal(keyOfSlot(s));
    const wrongs = [v.plus('0.01'), v.times(10).plus(3), v.gt(5) ? v.minus(5) : v.plus(7)];
    const formats = [(x: Decimal) => formatEuro(x), (x: Decimal) => `${x.toFixed(0)} Euro`, (x: Decimal) => `EUR ${formatEuro(x).replace(' €', '')}`];
    wrongs.forEach((w, i) => {
      if (facts.amounts.has(amountKey(w))) return;
      const text = formats[i % formats.length]!(w);
      out.push({ cls: 'betrag', apply: (p) => replaceFirst(p, s.placeholder, text), expectFound: text });
    });
    const partner = amountSlots.find((o) => keyOfSlot(o) !== keyOfSlot(s));
    if (partner) out.push({ cls: 'betrag_vertauscht', apply: (p) => replaceFirst(p, s.placeholder, partner.value), expectFound: partner.value });
    const sameValueElsewhere = amountSlots.some((o) => o !== s && keyOfSlot(o) === keyOfSlot(s));
    if (s.required && !sameValueElsewhere) out.push({ cls: 'weggelassen', apply: (p) => replaceFirst(p, s.placeholder, 'einen Betrag'), expectFound: null });
  }

  for (const s of dateSlots) {
    const [d, m, y] = s.value.split('.').map(Number) as [number, number, number];
    const iso = isoDate(y, m, d);
    const wrongs = [addDays(iso, 1), isoDate(y + 1, m, Math.min(d, 28))];
    wrongs.forEach((w, i) => {
      if (facts.dates.has(w)) return;
      const text = i % 2 === 0 ? formatDate(w) : formatDateLong(w);
      out.push({ cls: 'datum', apply: (p) => replaceFirst(p, s.placeholder, text), expectFound: text });
    });
    for (const other of dateSlots) {
      if (other === s || other.value === s.value) continue;
      out.push({ cls: 'datum_vertauscht', apply: (p) => replaceFirst(p, s.placeholder, other.value), expectFound: other.value });
    }
    if (s.required) out.push({ cls: 'weggelassen', apply: (p) => replaceFirst(p, s.placeholder, 'bald'), expectFound: null });
  }

  const begin = slots.find((s) => s.placeholder === '{{beginn}}');
  const end = slots.find((s) => s.placeholder === '{{ende}}');
  if (begin && end) {
    const toIso = (v: string) => {
      const [d, m, y] = v.split('.').map(Number) as [number, number, number];
      return isoDate(y, m, d);
    };
    const b = toIso(begin.value);
    const e = toIso(end.value);
    const pairs: [string, string][] = [[b, addDays(e, -1)], [shiftMonth(b, 1), e], [b, isoDate(Number(e.slice(0, 4)) + 1, 12, 31)]];
    for (const [x, y] of pairs) {
      const text = `vom ${formatDate(x)} bis ${formatDate(y)}`;
      out.push({ cls: 'zeitraum', apply: (p) => [...p, `Das Geld gibt es ${text}.`], expectFound: `${formatDate(x)} bis ${formatDate(y)}` });
    }
    const months = `von ${formatDateLong(b).replace(/^\d+\. /, '')} bis ${formatDateLong(shiftMonth(e, 1)).replace(/^\d+\. /, '')}`;
    out.push({ cls: 'zeitraum', apply: (p) => [...p, `Das gilt ${months}.`], expectFound: months.replace(/^von /, '') });
  }

  const frist = slots.find((s) => s.placeholder === '{{widerspruchsfrist}}');
  if (frist) {
    for (const wrong of ['innerhalb von zwei Wochen', 'binnen 4 Wochen', 'innerhalb von drei Monaten', 'innerhalb von 14 Tagen']) {
      out.push({ cls: 'frist', apply: (p) => replaceFirst(p, frist.placeholder, wrong), expectFound: wrong.replace(/^(innerhalb von|binnen) /, '') });
    }
    out.push({ cls: 'weggelassen', apply: (p) => replaceFirst(p, frist.placeholder, 'bald'), expectFound: null });
  }

  const az = input.aktenzeichen;
  const lastDigit = Number(az.at(-1));
  const azWrongs = [`${az.slice(0, -1)}${(lastDigit + 1) % 10}`, az.replace(/\d{4}/, (y) => String(Number(y) + 1))];
  for (const w of new Set(azWrongs)) {
    if (w === az) continue;
    out.push({ cls: 'aktenzeichen', apply: (p) => [...p, `Bitte nennen Sie das Aktenzeichen: ${w}.`], expectFound: w });
    out.push({ cls: 'aktenzeichen', apply: (p) => [...p, `Ihre Sache ${w} ist bei uns.`], expectFound: w });
  }

  const norms = ['§ 99 WoGG', '§ 19 Abs. 4 WoGG', '§ 12 Abs. 1 WoGV', '§§ 60, 67a SGB I', '§ 3 Abs. 5 Satzung', 'Art. 99 DSGVO'];
  for (const n of norms) {
    const refs = normRefs(n);
    const bad = refs.filter((r) => !facts.norms.some((k) => covers(k, r)));
    if (bad.length === 0) continue;
    out.push({ cls: 'paragraf', apply: (p) => [...p, `Das steht in ${n}.`], expectFound: n });
  }
  return out;
}

let server: TestModelServer;
let deps: DraftingDeps;
beforeAll(async () => {
  server = await startTestModelServer({ models: ['lokal'] });
  deps = {
    settings: S,
    model: new OpenAiCompatibleClient(modelEndpointConfig({ id: 'lokal', baseUrl: server.baseUrl, model: 'lokal', maxRetries: 0 })),
    governance: { checkDrafting: async () => ({ allowed: true, message: '', entryIds: ['ki-001'] }) },
  };
});
afterAll(() => server.close());

describe('fact gate mutation testing (≥ 500 mutations through the test model server)', () => {
  it('unmutated model answers pass for every case', async () => {
    server.script(plainLanguageWriter());
    for (const [name, input] of cases) {
      const d = await prepareDraft({ kind: 'erlaeuterung', input, known: [] }, deps);
      expect(d.modelUse.reason, name).toBe('model_used');
      expect(d.gate.findings, name).toEqual([]);
    }
  });

  it('every mutation is caught with a finding that names it', async () => {
    const counts: Record<string, { total: number; caught: number }> = {};
    const misses: string[] = [];
    for (const [name, input] of cases) {
      for (const m of mutationsFor(input)) {
        server.script(
          mutating(plainLanguageWriter(), (json) => {
            const v = JSON.parse(json) as { absaetze: string[] };
            return JSON.stringify({ absaetze: m.apply(v.absaetze) });
          }),
        );
        const d = await prepareDraft({ kind: 'erlaeuterung', input, known: [] }, deps);
        const c = (counts[m.cls] ??= { total: 0, caught: 0 });
        c.total++;
        const hit =
          m.expectFound === null
            ? d.gate.findings.some((f) => f.kind === 'fehlende_angabe' && f.message.length > 20)
            : d.gate.findings.some((f) => (f.found ?? '').includes(m.expectFound!) && f.message.includes(m.expectFound!.replace(/^(vom|von) /, '')) && f.sentence.includes(m.expectFound!));
        if (d.modelUse.reason === 'model_used' && !d.gate.passed && hit) c.caught++;
        else misses.push(`${name} ${m.cls} ${m.expectFound}: ${JSON.stringify(d.gate.findings.map((f) => f.message))}`);
      }
    }
    const total = Object.values(counts).reduce((s, c) => s + c.total, 0);
    console.log(`Gate-Mutationen: ${total} gesamt; je Klasse: ${Object.entries(counts).map(([k, c]) => `${k} ${c.caught}/${c.total}`).join(', ')}`);
    expect(misses).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(500);
    for (const cls of ['betrag', 'betrag_vertauscht', 'datum', 'datum_vertauscht', 'zeitraum', 'frist', 'aktenzeichen', 'paragraf', 'weggelassen']) expect(counts[cls]?.total ?? 0, cls).toBeGreaterThan(10);
  }, 300_000);
});
