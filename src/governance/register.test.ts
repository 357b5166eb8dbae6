import { describe, expect, it } from 'vitest';
import type { AmtsklarError } from '../common/index.ts';
import { allowedTransitions, transition } from './lifecycle.ts';
import { productSystems } from './product-systems.ts';
import { createEntry, updateEntry, validateEntryContent } from './register.ts';
import { PACKS, PROFILE } from './test-support/fixtures.ts';
import { NOW, readyProduct } from './test-support/world.ts';

const content = () => productSystems(PROFILE, PACKS).find((p) => p.id === 'entwurfsassistent')!.content;

function codeAndPaths(f: () => unknown): { code: string; paths: string[] } {
  try {
    f();
  } catch (e) {
    const err = e as AmtsklarError;
    return { code: err.code, paths: err.problems.map((p) => p.path) };
  }
  throw new Error('expected an error');
}

describe('register entries', () => {
  it('creates a draft with a stable UUID and the first history item', () => {
    const { entry, history } = createEntry({ id: 'entwurfsassistent', kind: 'product', content: content() }, 'admin', NOW);
    expect(entry.status).toBe('draft');
    expect(entry.version).toBe(1);
    expect(entry.uuid).toBe(createEntry({ id: 'entwurfsassistent', kind: 'product', content: content() }, 'x', '2027-01-01').entry.uuid);
    expect(entry.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
    expect(history).toMatchObject({ version: 1, action: 'created', by: 'admin', to: 'draft' });
  });

  it('names every missing or wrong field in German', () => {
    const bad = { ...content(), name: '', contact: { email: 'nein' }, reviewDue: '2027-02-30', legalBasis: [], links: { packs: [], features: [{ feature: 'automated-decisions' as const, packId: 'wohngeld' }] } };
    const paths = validateEntryContent(bad).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.name', '$.contact.email', '$.reviewDue', '$.legalBasis', '$.links.features[0].packId', '$.automation']));
    expect(codeAndPaths(() => createEntry({ id: 'Großes X', kind: 'external', content: content() }, 'a', NOW)).paths).toEqual(['$.id']);
  });

  it('requires an enabling provision for § 35a VwVfG and training data for learning systems', () => {
    const c = content();
    const problems = validateEntryContent({
      ...c,
      data: { ...c.data, trainingData: undefined },
      links: { packs: ['wohngeld'], features: [{ feature: 'automated-decisions', packId: 'wohngeld' }] },
      automation: { packId: 'wohngeld', legalBasis: '§ 35a VwVfG' },
    });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.automation.enablingProvision', '$.data.trainingData']));
  });

  it('keeps a version history and allows material changes only in draft', () => {
    const created = createEntry({ id: 'entwurfsassistent', kind: 'product', content: content() }, 'admin', NOW).entry;
    const small = updateEntry(created, { contact: { email: 'neu@musterstadt.example' } }, 'admin', '2026-11-27T10:00:00Z');
    expect(small.history).toMatchObject({ version: 2, changedFields: ['contact'], material: false });
    expect(small.entry.materialHash).toBe(created.materialHash);
    const material = updateEntry(small.entry, { purpose: 'Ein anderer Zweck' }, 'admin', '2026-11-28T10:00:00Z');
    expect(material.history.material).toBe(true);
    expect(material.entry.materialHash).not.toBe(created.materialHash);
    expect(material.entry.history.map((h) => h.version)).toEqual([1, 2, 3]);
    const active = { ...material.entry, status: 'active' as const };
    expect(codeAndPaths(() => updateEntry(active, { purpose: 'Noch ein Zweck' }, 'admin', NOW))).toEqual({ code: 'conflict', paths: ['$.purpose'] });
    expect(updateEntry(active, { plainLanguage: 'Neue einfache Beschreibung.' }, 'admin', NOW).entry.status).toBe('active');
    expect(codeAndPaths(() => updateEntry(active, { status: 'draft' } as never, 'admin', NOW)).paths).toEqual(['$.status']);
  });

  it('removes an optional field when the patch clears it', () => {
    const b = readyProduct('wohngeld-vollautomatisiert', 'draft');
    const { entry } = updateEntry(b.state.entry, { automation: undefined, links: { packs: ['wohngeld'], features: [] } }, 'admin', NOW);
    expect('automation' in entry).toBe(false);
  });
});

describe('lifecycle', () => {
  it('allows only the transitions of the state machine', () => {
    expect(allowedTransitions('draft')).toEqual(['consultation', 'retired']);
    expect(allowedTransitions('retired')).toEqual([]);
    const b = readyProduct('entwurfsassistent', 'draft');
    expect(codeAndPaths(() => transition(b.state, { to: 'active', actor: 'admin', at: NOW }, b.world))).toEqual({ code: 'conflict', paths: ['$.to'] });
  });

  it('walks draft → consultation → approved → active → retired with history and dates', () => {
    let b = readyProduct('entwurfsassistent', 'draft');
    const step = (to: 'consultation' | 'approved' | 'active' | 'retired', at: string, reason?: string) => {
      const { entry } = transition(b.state, { to, actor: 'amtsleitung', at, ...(reason ? { reason } : {}) }, b.world);
      b = { ...b, state: { ...b.state, entry } };
      return entry;
    };
    const { firstPublishedAt: _, ...unpublished } = b.state.entry;
    b = { ...b, state: { ...b.state, entry: unpublished } };
    expect(step('consultation', '2026-11-01T09:00:00Z').firstPublishedAt).toBe('2026-11-01T09:00:00Z');
    step('approved', '2026-11-20T09:00:00Z');
    expect(step('active', NOW).activatedAt).toBe(NOW);
    const retired = step('retired', '2027-06-01T09:00:00Z', 'Ersetzt durch neues Verfahren ab Juni 2027.');
    expect(retired.history.slice(-4).map((h) => `${h.from}>${h.to}`)).toEqual(['draft>consultation', 'consultation>approved', 'approved>active', 'active>retired']);
    expect(retired.history.at(-1)!.reason).toBe('Ersetzt durch neues Verfahren ab Juni 2027.');
  });

  it('asks for a reason when taking something back, and refuses going public without a current classification', () => {
    const b = readyProduct('entwurfsassistent', 'active');
    expect(codeAndPaths(() => transition(b.state, { to: 'approved', actor: 'a', at: NOW }, b.world)).paths).toEqual(['$.reason']);
    expect(transition(b.state, { to: 'approved', actor: 'a', at: NOW, reason: 'Ausgesetzt wegen Vorfall v-1 am 26.11.' }, b.world).entry.status).toBe('approved');
    const draft = readyProduct('entwurfsassistent', 'draft');
    const { classification: _, ...unclassified } = draft.state;
    expect(codeAndPaths(() => transition(unclassified, { to: 'consultation', actor: 'a', at: NOW }, draft.world))).toEqual({ code: 'conflict', paths: ['$.classification'] });
  });

  it('refuses activation with the gate reasons as a gate_closed error', () => {
    const b = readyProduct('entwurfsassistent', 'approved');
    const noCouncil = { ...b.world, staffCouncil: [] };
    try {
      transition(b.state, { to: 'active', actor: 'a', at: NOW }, noCouncil);
      expect.fail('must refuse');
    } catch (e) {
      const err = e as AmtsklarError;
      expect(err.code).toBe('gate_closed');
      expect(err.message).toMatch(/Pflicht DE-PV „Mitbestimmung der Personalvertretung“/);
      expect(err.problems.map((p) => p.path)).toContain('$.obligations.DE-PV');
    }
  });
});

describe('register entries refuse unknown fields', () => {
  it('on create', () => {
    const c = { ...productSystems(PROFILE, PACKS)[0]!.content, farbe: 'blau' } as never;
    expect(codeAndPaths(() => createEntry({ id: 'x1', kind: 'external', content: c }, 'a', NOW)).paths).toEqual(['$.content.farbe']);
  });
});
