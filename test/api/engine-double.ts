import { AmtsklarError, contentHash } from '../../src/common/index.ts';
import type { ChecklistItem, DecisionRecord, HumanDecision, Override, PackInfo, RuleEngine } from '../../src/cases/index.ts';

/**
 * A small stand-in for the rule engine with two packs shaped like the real ones, for
 * tests of the workflow that must not depend on the packs' legal details.
 */
type Input = Record<string, unknown>;

const packs: Record<string, PackInfo[]> = {
  wohngeld: ['2024', '2025'].map((release) => ({ id: 'wohngeld', release, title: 'Wohngeld', hasDiscretionPoints: false, decisive: ['wohngeld_monat'], inputSchema: { type: 'object' }, releases: ['2024', '2025'] })),
  'kita-beitrag': [{ id: 'kita-beitrag', release: '2025', title: 'Kita-Beitrag', hasDiscretionPoints: true, decisive: ['beitrag_monat'], inputSchema: { type: 'object' }, releases: ['2025'] }],
  // A fee without any discretion: the only kind a municipality may decide fully automatically.
  gebuehr: [{ id: 'gebuehr', release: '1', title: 'Verwaltungsgebühr', hasDiscretionPoints: false, decisive: ['gebuehr'], inputSchema: { type: 'object' }, releases: ['1'] }],
};

function invalid(path: string, message: string): never {
  throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${path}: ${message}`, [{ path, message }]);
}

function money(v: unknown, path: string): number {
  if (typeof v === 'number' && v >= 0) return v;
  if (typeof v === 'string' && /^[0-9]+(\.[0-9]{1,2})?$/.test(v)) return Number(v);
  return invalid(path, 'Betrag erwartet');
}

export function engineDouble(): RuleEngine {
  const pack = (id: string, release?: string): PackInfo => {
    const list = packs[id];
    const p = list && (release ? list.find((x) => x.release === release) : list[list.length - 1]);
    if (!p) throw new AmtsklarError('not_found', `Regelwerk „${id}“ ist nicht installiert`);
    return p;
  };
  return {
    pack,
    packs: () => Object.keys(packs).map((id) => pack(id)),
    // the double's packs declare no input list: it accepts any field
    refuseUndeclared: () => undefined,
    decide(packId, release, input, options) {
      const p = pack(packId, release);
      const i = input as Input;
      if (typeof i !== 'object' || i === null) invalid('$', 'Objekt erwartet');
      if (typeof i.stichtag !== 'string') invalid('$.stichtag', 'Pflichtfeld fehlt');
      if (packId === 'gebuehr') return finish(p, i, 'decided', { gebuehr: 25 }, {}, options);
      return packId === 'wohngeld' ? wohngeld(p, i, options) : kita(p, i, options);
    },
    needsEvidence(packId, release, input) {
      return this.checklist(packId, release, input).length > 0;
    },
    checklist(packId, _release, input): ChecklistItem[] {
      const i = input as Input;
      if (packId === 'wohngeld') {
        const items: ChecklistItem[] = [{ id: 'mietbescheinigung', label: 'Mietbescheinigung des Vermieters', norm: '§ 23 WoGG' }];
        const members = (i.haushaltsmitglieder as Input[] | undefined) ?? [];
        if (members.some((m) => Array.isArray(m.einkuenfte) && (m.einkuenfte as unknown[]).length > 0)) {
          items.push({ id: 'einkommensnachweis', label: 'Einkommensnachweise der letzten 12 Monate', norm: '§ 60 SGB I' });
        }
        return items;
      }
      if (packId === 'gebuehr') return [];
      return i.haertefall_antrag ? [{ id: 'haertefall_begruendung', label: 'Nachweise zur besonderen Belastung', norm: '§ 6 Satzung' }] : [];
    },
  };
}

function finish(p: PackInfo, i: Input, outcome: DecisionRecord['outcome'], values: Record<string, unknown>, extra: Partial<DecisionRecord>, opts: { overrides?: Record<string, Override> }): DecisionRecord {
  for (const [k, o] of Object.entries(opts.overrides ?? {})) values[k] = o.value;
  const body = { outcome, values, reasons: extra.reasons ?? [], missing: extra.missing ?? [], discretion: extra.discretion ?? [] };
  return {
    pack: p.id,
    packVersion: p.release,
    packHash: contentHash({ pack: p.id, release: p.release }),
    asOf: String(i.stichtag),
    ...(typeof i.aktenzeichen === 'string' ? { aktenzeichen: i.aktenzeichen } : {}),
    ...body,
    trace: [{ rule: 'double', norm: 'Testregel', value: values }],
    receipt: { inputHash: contentHash(i), resultHash: contentHash({ ...body, release: p.release }), engineVersion: 'double' },
  };
}

function wohngeld(p: PackInfo, i: Input, opts: { overrides?: Record<string, Override> }): DecisionRecord {
  const miete = money(i.miete_monat, '$.miete_monat');
  const members = i.haushaltsmitglieder;
  if (!Array.isArray(members) || members.length === 0) invalid('$.haushaltsmitglieder', 'mindestens ein Mitglied');
  const missing: DecisionRecord['missing'] = [];
  let income = 0;
  (members as Input[]).forEach((m, k) => {
    if (typeof m.id !== 'string') invalid(`$.haushaltsmitglieder[${k}].id`, 'Pflichtfeld fehlt');
    if (!Array.isArray(m.einkuenfte)) {
      missing.push({ input: `$.haushaltsmitglieder[${k}].einkuenfte`, question: `Welche Einkünfte hat ${m.id}?`, norm: '§ 14 WoGG' });
      return;
    }
    (m.einkuenfte as Input[]).forEach((e, j) => (income += money(e.brutto_monat, `$.haushaltsmitglieder[${k}].einkuenfte[${j}].brutto_monat`)));
  });
  if (missing.length > 0) return finish(p, i, 'missing_inputs', {}, { missing }, opts);
  const factor = p.release === '2025' ? 0.6 : 0.5;
  const amount = Math.max(0, Math.round(miete * factor - income * 0.2));
  const values: Record<string, unknown> = { wohngeld_monat: amount >= 10 ? amount : 0, Y: income.toFixed(2) };
  const reasons = (values.wohngeld_monat as number) === 0 ? [{ norm: '§ 21 Nr. 1 WoGG', text: 'Der errechnete Betrag liegt unter 10 €.' }] : [];
  return finish(p, i, 'decided', values, { reasons }, opts);
}

function kita(p: PackInfo, i: Input, opts: { discretion?: Record<string, HumanDecision>; overrides?: Record<string, Override> }): DecisionRecord {
  if (i.betreuung_stunden === undefined) {
    return finish(p, i, 'missing_inputs', {}, { missing: [{ input: '$.betreuung_stunden', question: 'Wie viele Stunden je Woche wird das Kind betreut?', norm: '§ 3 Satzung' }] }, opts);
  }
  const base = money(i.einkommen ?? 0, '$.einkommen') > 50000 ? 230 : 90;
  const h = opts.discretion?.haertefall;
  if (i.haertefall_antrag && !h) {
    return finish(p, i, 'needs_human', { beitrag_monat: base }, {
      discretion: [{ point: 'haertefall', norm: '§ 6 Satzung', why: 'Härtefallantrag gestellt', options: [{ id: 'voll', label: 'ganz erlassen' }, { id: 'teil', label: 'zur Hälfte erlassen' }, { id: 'kein', label: 'nicht erlassen' }] }],
    }, opts);
  }
  const beitrag = h?.option === 'voll' ? 0 : h?.option === 'teil' ? base / 2 : base;
  return finish(p, i, 'decided', { beitrag_monat: beitrag }, {}, opts);
}

/** The installed packs where they exist (Wohngeld, and Kita once its pack is installed); the double for the rest. */
export function realEngineWithFallback(real: RuleEngine): RuleEngine {
  const double = engineDouble();
  const has = (id: string) => real.packs().some((p) => p.id === id);
  const pick = (id: string) => (has(id) ? real : double);
  return {
    pack: (id, release) => pick(id).pack(id, release),
    packs: () => [...real.packs(), ...double.packs().filter((p) => !has(p.id))],
    decide: (id, release, input, o) => pick(id).decide(id, release, input, o),
    checklist: (id, release, input) => pick(id).checklist(id, release, input),
    needsEvidence: (id, release, input) => pick(id).needsEvidence(id, release, input),
    refuseUndeclared: (id, release, input) => pick(id).refuseUndeclared(id, release, input),
  };
}
