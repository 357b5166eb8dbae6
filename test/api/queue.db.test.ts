import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDouble } from './engine-double.ts';
import { STORES, startTestPlatform, type TestPlatform } from './helpers.ts';

/**
 * The work queue finds a case by part of its Aktenzeichen (a citizen phones in) and sorts and
 * filters over the whole queue, not over the page the browser happens to hold.
 */
describe.each(STORES)('the work queue (%s)', (kind) => {
  let t: TestPlatform;
  let cw: string;
  const az: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
    cw = await t.login('sachbearbeitung');
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', einkuenfte: [{ art: 'erwerb', brutto_monat: '900.00' }] }] };
    for (let i = 0; i < 5; i++) {
      const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: `Queue ${i}` }, antrag } });
      expect(sub.status).toBe(201);
      az.push(sub.body.aktenzeichen as string);
      ids.push(sub.body.caseId as string);
    }
    // deadlines: one passed, one within the week, one later; two without
    const due = ['2000-01-03', null, new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), '2999-12-31', null];
    for (let i = 0; i < 5; i++) await t.platform.db.query('UPDATE cases SET documents_due = $2 WHERE id = $1', [ids[i], due[i]]);
  }, 300_000);
  afterAll(async () => t?.close());

  const list = async (query: string) => {
    const r = await t.call('GET', `/api/cases?pageSize=200&${query}`, { token: cw });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { items: { id: string; aktenzeichen: string }[]; total: number };
  };

  it('finds a case by part of its Aktenzeichen, in any case, with LIKE wildcards taken literally', async () => {
    const tail = az[3]!.slice(-6);
    const found = await list(`aktenzeichen=${encodeURIComponent(tail.toLowerCase())}`);
    expect(found.items.map((c) => c.id)).toContain(ids[3]);
    expect(found.items.every((c) => c.aktenzeichen.toLowerCase().includes(tail.toLowerCase()))).toBe(true);
    expect((await list('aktenzeichen=%25')).total).toBe(0);
    expect((await list('aktenzeichen=_')).total).toBe(0);
  });

  it('filters by the next deadline over the whole queue', async () => {
    const passed = (await list('frist=ueberschritten')).items.map((c) => c.id);
    expect(passed).toContain(ids[0]);
    expect(passed).not.toContain(ids[2]);
    const soon = (await list('frist=bald')).items.map((c) => c.id);
    expect(soon).toContain(ids[2]);
    expect(soon).not.toContain(ids[3]);
    const none = (await list('frist=ohne')).items.map((c) => c.id);
    expect(none).toEqual(expect.arrayContaining([ids[1], ids[4]]));
    expect(none).not.toContain(ids[0]);
  });

  it('sorts the whole queue, in both directions, a page at a time', async () => {
    const all = await list('sort=aktenzeichen&dir=asc');
    const sorted = all.items.map((c) => c.aktenzeichen);
    expect(sorted).toEqual([...sorted].sort());
    const first = await t.call('GET', '/api/cases?pageSize=10&page=1&sort=aktenzeichen&dir=desc', { token: cw });
    expect((first.body.items as { aktenzeichen: string }[])[0]!.aktenzeichen).toBe(sorted[sorted.length - 1]);
    const bad = await t.call('GET', '/api/cases?sort=name', { token: cw });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('sort');
  });
});
