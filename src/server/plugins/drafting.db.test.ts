import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GovernanceStore } from '../../store/index.ts';
import { startTestModelServer, type TestModelServer } from '../../model-client/index.ts';
import { plainLanguageWriter } from '../../model-client/test-server/behaviours.ts';
import { inspectPdf } from '../../pdf/index.ts';
import { installedEngine } from '../index.ts';
import { realEngineWithFallback } from '../../../test/api/engine-double.ts';
import { PDF, STORES, eventually, multipart, startTestPlatform, type TestPlatform } from '../../../test/api/helpers.ts';

describe.each(STORES)('drafting in the case workflow (%s)', (kind) => {
  let t: TestPlatform;
  let model: TestModelServer;
  beforeAll(async () => {
    model = await startTestModelServer({ models: ['lokal'], behaviour: plainLanguageWriter() });
    process.env.AMTSKLAR_MODEL_BASE_URL = model.baseUrl;
    process.env.AMTSKLAR_MODEL = 'lokal';
    t = await startTestPlatform(kind, realEngineWithFallback(installedEngine()));
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await model?.close();
    delete process.env.AMTSKLAR_MODEL_BASE_URL;
    delete process.env.AMTSKLAR_MODEL;
  });

  it('prepares, checks, refuses a wrong edit, approves with reviewer and diff, and renders the PDF', async () => {
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1985-04-12', einkuenfte: [{ art: 'erwerb', brutto_monat: '1800.00' }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Erika Musterfrau', anschrift: 'Hauptstr. 1, 12345 Musterstadt' }, antrag }, headers: { 'idempotency-key': `drafting-${kind}-1` } });
    expect(sub.status).toBe(201);
    const id = sub.body.caseId as string;
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const cw = await t.login('sachbearbeitung');
    const missing = (await t.call('GET', `/api/cases/${id}/missing`, { token: cw })).body.items as { id: string }[];
    const checked = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    expect((await t.call('POST', `/api/cases/${id}/request-documents`, { token: cw, body: { version: checked.version } })).status).toBe(200);
    for (const checklistId of missing.map((m) => m.id).filter((i) => !i.startsWith('$'))) {
      const m = multipart({ checklistId }, { name: `${checklistId}.pdf`, type: 'application/pdf', content: PDF });
      expect((await t.call('POST', `/api/my/cases/${id}/documents`, { token: citizen, payload: m.payload, headers: m.headers })).status).toBe(201);
    }
    const mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    const done = await t.call('POST', `/api/my/cases/${id}/complete`, { token: citizen, body: { version: mine.version } });
    expect(done.body.outcome, JSON.stringify(done.body)).toBe('decided');
    let c = await eventually(async () => {
      const r = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
      return r.state === 'draft_prepared' ? r : null;
    });
    c = (await t.call('POST', `/api/cases/${id}/submit-review`, { token: cw, body: { version: c.version } })).body;

    const created = await t.call('POST', `/api/cases/${id}/drafting/drafts`, { token: cw, body: { kind: 'bescheid' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const draft = created.body;
    expect(draft.gate.passed).toBe(true);
    expect(draft.modelUse.reason).toBe('not_needed');
    expect(draft.letter.recipient).toEqual(['{{empfaenger.name}}', '{{empfaenger.anschrift}}']);
    expect(draft.text).toMatch(/in Höhe von monatlich [\d.,]+ € bewilligt/);

    const tenor = draft.letter.sections.find((s: { id: string }) => s.id === 'tenor');
    const wrongText = tenor.blocks[0].text.replace(/monatlich [\d.,]+ €/, 'monatlich 999,00 €');
    const bad = await t.call('PUT', `/api/cases/${id}/drafting/drafts/${draft.id}`, { token: cw, body: { edits: [{ section: 'tenor', blocks: [{ type: 'p', text: wrongText }] }] } });
    expect(bad.status).toBe(200);
    expect(bad.body.gate.passed).toBe(false);
    expect(bad.body.gate.findings[0].message).toContain('999,00 €');
    const refused = await t.call('POST', `/api/cases/${id}/drafting/drafts/${bad.body.id}/approve`, { token: cw, body: { version: c.version } });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body.error.problems)).toContain('$.sections.tenor[1]');
    expect((await t.call('GET', `/api/cases/${id}`, { token: cw })).body.state).toBe('under_review');

    const begr = draft.letter.sections.find((s: { id: string }) => s.id === 'begruendung');
    const good = await t.call('PUT', `/api/cases/${id}/drafting/drafts/${draft.id}`, {
      token: cw,
      body: { edits: [{ section: 'begruendung', blocks: [...begr.blocks, { type: 'p', text: 'Die Angaben zu Ihrem Einkommen haben wir anhand der Verdienstbescheinigungen geprüft.' }] }] },
    });
    expect(good.body.gate.passed).toBe(true);
    expect(good.body.revision).toBe(3);
    const ok = await t.call('POST', `/api/cases/${id}/drafting/drafts/${good.body.id}/approve`, { token: cw, body: { version: c.version } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.review.reviewer).toBe('Sabine Sachbearbeiterin');
    expect(ok.body.review.diff).toContain('+ Die Angaben zu Ihrem Einkommen haben wir anhand der Verdienstbescheinigungen geprüft.');
    expect(ok.body.review.diffHash).toMatch(/^sha256:/);
    expect(ok.body.provenance.review.reviewer).toBe('Sabine Sachbearbeiterin');
    expect((await t.call('GET', `/api/cases/${id}`, { token: cw })).body.state).toBe('approved');

    const pdf = await t.platform.app!.inject({ method: 'GET', url: `/api/cases/${id}/drafting/drafts/${good.body.id}/pdf`, headers: { authorization: `Bearer ${cw}` } });
    expect(pdf.statusCode, pdf.body.slice(0, 500)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    const i = inspectPdf(bytes);
    expect([i.pdfaPart, i.pdfaConformance, i.pdfuaPart]).toEqual(['2', 'B', '1']);
    expect(bytes.toString('latin1')).toContain('<amtsklar:reviewedBy>Sabine Sachbearbeiterin</amtsklar:reviewedBy>');

    // The AI register has no active entry for drafting here: the explanation is drafted without the model, and says so.
    const plain = await t.call('POST', `/api/cases/${id}/drafting/drafts`, { token: cw, body: { kind: 'erlaeuterung' } });
    expect(plain.status).toBe(201);
    expect(plain.body.modelUse.reason).toBe('governance_closed');
    expect(plain.body.gate.passed).toBe(true);
    expect(model.requests).toHaveLength(0);

    // With the register entry active (the real gate is tested in the governance suite; here only its answer is fixed),
    // the model writes the explanation from placeholders; nothing personal reaches it; the approved PDF is labelled.
    const spy = vi.spyOn(GovernanceStore.prototype, 'gate').mockResolvedValue({ allowed: true, message: '', entryIds: ['entwurfsassistent'], reasons: [], openObligations: [] } as never);
    try {
      const ai = await t.call('POST', `/api/cases/${id}/drafting/drafts`, { token: cw, body: { kind: 'erlaeuterung' } });
      expect(ai.status).toBe(201);
      expect(ai.body.modelUse.reason).toBe('model_used');
      expect(ai.body.gate.passed).toBe(true);
      expect(ai.body.provenance.governance).toMatchObject({ checked: true, allowed: true, entryIds: ['entwurfsassistent'] });
      expect(model.requests.length).toBeGreaterThan(0);
      for (const secret of ['Erika', 'Musterfrau', 'Hauptstr', sub.body.aktenzeichen]) expect(model.receivedText()).not.toContain(secret);
      const c2 = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
      // any letter, not only the Bescheid, is approved for the case version the reviewer read
      const stale = await t.call('POST', `/api/cases/${id}/drafting/drafts/${ai.body.id}/approve`, { token: cw, body: { version: c2.version + 1 } });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain('inzwischen geändert');
      const approved = await t.call('POST', `/api/cases/${id}/drafting/drafts/${ai.body.id}/approve`, { token: cw, body: { version: c2.version } });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      const again = await t.call('POST', `/api/cases/${id}/drafting/drafts/${ai.body.id}/approve`, { token: cw, body: { version: c2.version } });
      expect(again.status).toBe(409);
      expect(approved.body.review.aiLabel).toMatch(/^Mit KI-Unterstützung erstellt, geprüft und freigegeben von Sabine Sachbearbeiterin am \d{2}\.\d{2}\.\d{4}\.$/);
      const aiPdf = await t.platform.app!.inject({ method: 'GET', url: `/api/cases/${id}/drafting/drafts/${ai.body.id}/pdf`, headers: { authorization: `Bearer ${cw}` } });
      expect(aiPdf.statusCode).toBe(200);
      expect(aiPdf.rawPayload.toString('latin1')).toContain('<amtsklar:aiAssisted>True</amtsklar:aiAssisted>');
    } finally {
      spy.mockRestore();
    }

    // Another team cannot see the drafts.
    expect((await t.call('GET', `/api/cases/${id}/drafting/drafts`, { token: await t.login('kita') })).status).toBe(404);
  }, 300_000);
});
