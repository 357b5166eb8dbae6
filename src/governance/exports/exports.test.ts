import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../../common/index.ts';
import { classify } from '../classify.ts';
import { RULES } from '../rules.ts';
import { productSystems } from '../product-systems.ts';
import { AI_DEFAULTS, PACKS, PROFILE } from '../test-support/fixtures.ts';
import { NOW, fullBundle, readyProduct, readyWorld, entryFrom } from '../test-support/world.ts';
import { parseCsv, toCsv } from './csv.ts';
import { exportEuDatabase } from './eu-database.ts';
import { exportEurocities, exportEurocitiesCsv, validateEurocitiesCsv } from './eurocities.ts';
import { validateRecord } from './field-list.ts';
import { exportNlAlgoritmeregister } from './nl-algoritmeregister.ts';
import { EUROCITIES_ATS, EU_DB_ANNEX_VIII_C, NL_ALGORITMEREGISTER, UK_ATRS } from './standards.ts';
import { exportUkAtrs } from './uk-atrs.ts';

const PRODUCT_IDS = productSystems(PROFILE, PACKS).map((p) => p.id);
const input = (id: string) => {
  const b = readyProduct(id);
  return { entry: b.state.entry, classification: b.state.classification!, bundle: b.state.bundle, at: NOW };
};

const highRisk = () => {
  const p = productSystems(PROFILE, PACKS).find((s) => s.id === 'wohngeld-regelwerk')!;
  const entry = entryFrom('sozialhilfe-ml', { ...p.content, algorithmType: 'self-learning', data: { ...p.content.data, trainingData: 'Bescheide 2019–2024' }, provider: { name: 'Anbieter GmbH', inHouse: false, model: 'sh-score', euDatabaseUrl: 'https://ai-act-db.example.eu/systems/123' } }, 'active');
  const b = readyWorld(entry, { ...AI_DEFAULTS, H1: ['5a-public-benefits'], H2: 'no', H3: 'none', G5: 'no', D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal' }, {}, { fria: true });
  return { entry: b.state.entry, classification: b.state.classification!, bundle: b.state.bundle, at: NOW };
};

const deployer = { name: 'Stadt Musterstadt', address: 'Rathausplatz 1, 12345 Musterstadt', email: 'ki-register@musterstadt.example' };
const submitter = { name: 'Anna Berger', address: 'Rathausplatz 1, 12345 Musterstadt', email: 'anna.berger@musterstadt.example' };

describe('field lists', () => {
  it('hold the required fields of each standard as its source states them', () => {
    const req = (l: typeof NL_ALGORITMEREGISTER) => l.fields.filter((f) => f.required).map((f) => f.name);
    expect(req(NL_ALGORITMEREGISTER)).toEqual(['name', 'description_short', 'organization', 'status', 'contact_email', 'publication_category', 'lang']);
    expect(req(EUROCITIES_ATS)).toEqual([
      'standard_version', 'lang', 'publication_date', 'last_change_date', 'revision_date', 'name', 'organization', 'department', 'country', 'contact_email',
      'description_short', 'status', 'decision_making_process', 'domain', 'area', 'goal', 'impact', 'risks', 'risk_category', 'proportionality', 'lawful_basis',
      'training_data', 'source_data', 'connected_data_sources', 'algorithm_type', 'type', 'monitoring', 'human_intervention', 'objection_procedure',
    ]);
    expect(EUROCITIES_ATS.fields).toHaveLength(50);
    expect(EU_DB_ANNEX_VIII_C.fields.map((f) => f.name)).toEqual(['section', 'c1_deployer', 'c2_submitter', 'c3_provider_entry_url', 'c4_fria_summary', 'c5_dpia_summary']);
    expect(UK_ATRS.fields.find((f) => f.name === 'tier_2')!.fields!.map((f) => f.name)).toEqual([
      'owner_and_responsibility', 'description_and_rationale', 'decision_making_process', 'tool_specification', 'risks_mitigations_and_impact_assessments',
    ]);
  });
});

describe.each(PRODUCT_IDS)('exports of the product system %s', (id) => {
  it('validate against the Dutch, Eurocities and UK field lists', () => {
    for (const r of [exportNlAlgoritmeregister(input(id)), exportEurocities(input(id)), exportUkAtrs(input(id))]) {
      expect(r.validation.problems, r.standard).toEqual([]);
      expect(r.validation.valid).toBe(true);
    }
  });
});

describe('exports', () => {
  it('map the risk class onto each standard', () => {
    expect(exportEurocities(input('buerger-chatbot')).record.risk_category).toBe('limited risk');
    expect(exportEurocities(input('wohngeld-regelwerk')).record.risk_category).toBe('minimal risk');
    expect(exportEurocities(highRisk()).record.risk_category).toBe('high risk');
    expect(exportNlAlgoritmeregister(highRisk()).record.publication_category).toBe('Hoog-risico AI-systeem');
    expect(exportNlAlgoritmeregister(input('wohngeld-regelwerk')).record.publication_category).toBe('Impactvolle algoritmes');
    expect(exportNlAlgoritmeregister(input('buerger-chatbot')).record.publication_category).toBe('Overige algoritmes');
    expect(exportNlAlgoritmeregister(input('wohngeld-regelwerk')).record.status).toBe('In gebruik');
  });

  it('write the Eurocities CSV with the template header and read it back valid', () => {
    const { csv, validation } = exportEurocitiesCsv(PRODUCT_IDS.map(input));
    expect(validation.problems).toEqual([]);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(EUROCITIES_ATS.fields.map((f) => f.name));
    expect(rows).toHaveLength(PRODUCT_IDS.length + 1);
    expect(rows[1]![rows[0]!.indexOf('name')]).toBe(input(PRODUCT_IDS[0]!).entry.name);
  });

  it('write the EU database Section C for a high-risk use, FRIA and DPIA summarised', () => {
    const r = exportEuDatabase({ ...highRisk(), deployer, submitter });
    expect(r.validation.problems).toEqual([]);
    expect(r.restricted).toBe(false);
    expect(r.record.c3_provider_entry_url).toBe('https://ai-act-db.example.eu/systems/123');
    expect(String(r.record.c4_fria_summary)).toMatch(/Grundrechte-Folgenabschätzung nach Art\. 27 KI-VO, Fassung 1/);
    expect(r.record.c5_dpia_summary).toBe(fullBundle('x', false).dpia!.summary);
  });

  it('keep migration uses to C.1–C.3 in the non-public section (Art. 49(4))', () => {
    const h = highRisk();
    const c = classify(RULES, { systemId: h.entry.id, entryVersion: 1, entryMaterialHash: h.entry.materialHash, answers: { ...h.classification.answers, H1: ['7-migration'] }, assessor: 'x', assessedAt: NOW });
    const r = exportEuDatabase({ ...h, classification: c, deployer, submitter });
    expect(r.restricted).toBe(true);
    expect(Object.keys(r.record)).toEqual(['section', 'c1_deployer', 'c2_submitter', 'c3_provider_entry_url']);
    expect(r.validation.valid).toBe(true);
  });

  it('refuse the EU database export for a system that is not registered there', () => {
    expect(() => exportEuDatabase({ ...input('entwurfsassistent'), deployer, submitter })).toThrow(AmtsklarError);
  });

  it('report an EU database record without FRIA or provider URL as invalid', () => {
    const h = highRisk();
    const r = exportEuDatabase({ ...h, entry: { ...h.entry, provider: { ...h.entry.provider, euDatabaseUrl: undefined } }, bundle: { ...h.bundle, fria: undefined, euDatabase: undefined }, deployer, submitter });
    expect(r.validation.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['missing $.c3_provider_entry_url', 'missing $.c4_fria_summary']);
  });

  it('escape text for the Dutch HTML fields so plain text stays text', () => {
    const i = input('entwurfsassistent');
    const r = exportNlAlgoritmeregister({ ...i, entry: { ...i.entry, purpose: 'Zweck <script>alert(1)</script> & mehr' } });
    expect(r.record.goal).toBe('Zweck &lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr');
    expect(r.validation.valid).toBe(true);
  });
});

describe('validator', () => {
  it('reports missing, extra, wrong values, wrong types, too long and disallowed HTML', () => {
    const record = { ...exportNlAlgoritmeregister(input('buerger-chatbot')).record } as Record<string, unknown>;
    delete record.organization;
    record.colour = 'blau';
    record.status = 'Aktiv';
    record.category = ['Wonen', 'Verkeer', 'Werk', 'Recht'];
    record.name = 'x'.repeat(101);
    record.goal = '<p>ok</p><img src=x>';
    record.lawful_basis_grouping = [{ title: 'WoGG' }];
    record.website = 'ftp://example';
    const problems = validateRecord(NL_ALGORITMEREGISTER, record).problems.map((p) => `${p.kind} ${p.path}`);
    expect(problems).toEqual(expect.arrayContaining([
      'missing $.organization', 'extra $.colour', 'value $.status', 'length $.category', 'length $.name', 'value $.goal',
      'missing $.lawful_basis_grouping[0].link', 'value $.website',
    ]));
  });

  it('checks nested ATRS sections and list minimums', () => {
    const r = exportUkAtrs(input('entwurfsassistent')).record as { tier_2: { tool_specification: { data: unknown[] }; owner_and_responsibility: Record<string, unknown> } };
    r.tier_2.tool_specification.data = [];
    r.tier_2.owner_and_responsibility.external_supplier_involvement = 'ja';
    const problems = validateRecord(UK_ATRS, r).problems.map((p) => `${p.kind} ${p.path}`);
    expect(problems).toEqual(['type $.tier_2.owner_and_responsibility.external_supplier_involvement', 'missing $.tier_2.tool_specification.data']);
  });

  it('finds a wrong CSV header and an invalid row', () => {
    const rec = exportEurocities(input('buerger-chatbot')).record;
    const good = toCsv(EUROCITIES_ATS, [rec]);
    const badHeader = good.replace('"standard_version";"uuid"', '"standard_version";"id"');
    expect(validateEurocitiesCsv(badHeader).problems[0]).toMatchObject({ path: 'Spalte 2' });
    const badRow = toCsv(EUROCITIES_ATS, [{ ...rec, risk_category: 'mittel' }]);
    expect(validateEurocitiesCsv(badRow).problems).toEqual([expect.objectContaining({ kind: 'value', path: 'Zeile 2: $.risk_category' })]);
  });

  it('round-trips separators, quotes and line breaks in CSV cells', () => {
    const rows = parseCsv(toCsv({ ...EUROCITIES_ATS, fields: [{ name: 'a', type: 'string', required: true }, { name: 'b', type: 'string', required: false }] }, [{ a: 'x;"y"\nz', b: '' }]));
    expect(rows).toEqual([['a', 'b'], ['x;"y"\nz', '']]);
  });
});

describe('exports with a FRIA still being filled in', () => {
  it('leave the incomplete FRIA out instead of failing', () => {
    const h = highRisk();
    const partial = { ...h, bundle: { ...h.bundle, fria: { systemId: h.entry.id, version: 1 } as never } };
    expect(exportUkAtrs(partial).validation.valid).toBe(true);
    const eu = exportEuDatabase({ ...partial, deployer, submitter });
    expect(eu.validation.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['missing $.c4_fria_summary']);
  });
});
