import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './governance.ts';
import { axe, axeFailures, screenshot, settled, startE2E, uploadAsStaff, type AxeViolation, type E2E } from './harness.ts';

/**
 * Findings of a UI audit of the staff area, in Chromium: the person deciding an objection reads
 * the citizen's text (logged), a complete case offers its next step, the auditor has a page of
 * decisions and receipts, and no English codes (states, history steps, feature keys) reach people.
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const OBJECTION = 'Meine Miete ist höher, weil die Nebenkosten gestiegen sind.';
const ANTRAG = { stichtag: '2026-11-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'Person 1', rolle: 'antragsteller', einkuenfte: [{ art: 'erwerb', brutto_monat: '4000.00' }] }] };

let e: E2E;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const axeResults: Record<string, AxeViolation[]> = {};

async function must(r: Promise<{ status: number; body: any }>, what: string, ok = [200, 201]) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const x = await r;
  if (!ok.includes(x.status)) throw new Error(`${what}: ${x.status} ${JSON.stringify(x.body)}`);
  return x.body;
}

async function staffLogin(username: string, to?: string): Promise<Page> {
  const page = await (await e.context()).newPage();
  await page.goto(to ? `/anmelden/beschaeftigte?weiter=${encodeURIComponent(to)}` : '/anmelden/beschaeftigte');
  await settled(page);
  await page.fill('#staff-username', username);
  await page.fill('#staff-password', e.accounts.get(username)!.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/anmelden'));
  await settled(page);
  return page;
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? '';
}

/** A Wohngeld application with every Nachweis in: decided, nothing missing, state „geprüft“. */
async function completeCase(): Promise<{ caseId: string; aktenzeichen: string; accessCode: string }> {
  const sub = await must(api.call('POST', '/api/applications', undefined, { packId: 'wohngeld', applicant: { name: 'Wilma Weiter' }, antrag: ANTRAG }), 'Antrag');
  const id = sub.caseId as string;
  const cw = tokens.sachbearbeitung!;
  const missing = (await must(api.call('GET', `/api/cases/${id}/missing`, cw), 'Fehlende Unterlagen')).items as { id: string }[];
  await uploadAsStaff(e.base, id, cw, missing.map((m) => m.id), PDF);
  return { caseId: id, aktenzeichen: sub.aktenzeichen, accessCode: sub.accessCode };
}

async function stateOf(id: string): Promise<{ state: string; version: number }> {
  return must(api.call('GET', `/api/cases/${id}`, tokens.sachbearbeitung), 'Fall');
}

async function waitForState(id: string, state: string): Promise<{ state: string; version: number }> {
  const end = Date.now() + 60_000;
  for (;;) {
    const c = await stateOf(id);
    if (c.state === state) return c;
    if (Date.now() > end) throw new Error(`Stand ${c.state}, erwartet ${state}`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

describe('staff area after the UI audit (Chromium)', { timeout: 150_000 }, () => {
  let issued: { caseId: string; aktenzeichen: string };

  beforeAll(async () => {
    e = await startE2E();
    api = apiClient(e.base);
    for (const u of ['sachbearbeitung', 'sachbearbeitung2', 'teamleitung', 'datenschutz']) tokens[u] = await api.login(u, e.accounts.get(u)!.password);
  }, 300_000);
  afterAll(async () => {
    await e?.close();
    expect(axeFailures(axeResults)).toEqual([]);
  });

  it('B3: a complete case offers „Prüfen und Entwurf erstellen“ (in „geprüft“ and in „Unterlagen vollständig“), which leads to the draft', async () => {
    const c = await completeCase();
    const page = await staffLogin('sachbearbeitung', `/arbeitsplatz/faelle/${c.caseId}`);
    await page.locator('[data-testid=recheck]').waitFor();
    expect(await text(page, '[data-testid=recheck] button')).toContain('Prüfen und Entwurf erstellen');
    axeResults['fall geprüft'] = await axe(page);
    await page.locator('[data-testid=recheck]').click();
    await page.locator('[data-testid=action-message]').getByText(/Bescheid-Entwurf jetzt erstellt/).waitFor();
    const drafted = await waitForState(c.caseId, 'draft_prepared');
    expect(drafted.state).toBe('draft_prepared');

    // a case left in „Unterlagen vollständig“ (as the demo data has them) has the same way on
    const other = await completeCase();
    await e.platform.db.query(`UPDATE cases SET state = 'complete' WHERE id = $1`, [other.caseId]);
    await page.goto(`/arbeitsplatz/faelle/${other.caseId}`);
    await settled(page);
    await page.locator('[data-testid=staff-case-state]').getByText('Unterlagen vollständig').waitFor();
    await page.locator('[data-testid=recheck]').waitFor();
    expect(await text(page, '[data-testid=recheck] button')).toContain('Prüfen und Entwurf erstellen');
    await page.locator('[data-testid=recheck]').click();
    await waitForState(other.caseId, 'draft_prepared');
  });

  it('B1, S1: the person deciding the objection reads the citizen’s text after stating a purpose, the read is logged, and the history speaks German', async () => {
    const c = await completeCase();
    await must(api.call('POST', `/api/cases/${c.caseId}/check`, tokens.sachbearbeitung, { version: (await stateOf(c.caseId)).version }), 'Prüfen');
    const v = (await waitForState(c.caseId, 'draft_prepared')).version;
    let x = await must(api.call('POST', `/api/cases/${c.caseId}/submit-review`, tokens.sachbearbeitung, { version: v }), 'Vorlegen');
    x = await must(api.call('POST', `/api/cases/${c.caseId}/approve`, tokens.sachbearbeitung, { version: x.version }), 'Freigabe 1');
    if (x.state !== 'approved') x = await must(api.call('POST', `/api/cases/${c.caseId}/approve`, tokens.sachbearbeitung2, { version: x.version }), 'Freigabe 2');
    x = await must(api.call('POST', `/api/cases/${c.caseId}/issue`, tokens.sachbearbeitung, { version: x.version }), 'Bekanntgabe');
    issued = c;
    const citizen = await must(api.call('POST', '/api/auth/citizen', undefined, { aktenzeichen: c.aktenzeichen, accessCode: c.accessCode }), 'Anmeldung Bürgerin');
    await must(api.call('POST', `/api/my/cases/${c.caseId}/objection`, citizen.token as string, { version: x.version, reason: OBJECTION }), 'Widerspruch');

    const logBefore = (await must(api.call('GET', `/api/dpo/access-log?caseId=${c.caseId}`, tokens.datenschutz), 'Protokoll')).items.length as number;
    const page = await staffLogin('teamleitung', `/arbeitsplatz/faelle/${c.caseId}`);
    await page.locator('[data-testid=objection-reason]').waitFor();
    expect(await text(page, '#widerspruch')).not.toContain('Nebenkosten'); // only on request
    await page.fill('#objection-reason-purpose', 'Prüfung des Widerspruchs');
    await page.locator('[data-testid=show-objection-reason]').click();
    await page.locator('[data-testid=objection-reason-text]').waitFor();
    expect(await text(page, '[data-testid=objection-reason-text]')).toBe(OBJECTION);
    // next to the decision form
    expect(await page.locator('#widerspruch #reassess-reason').count()).toBe(1);
    const log = (await must(api.call('GET', `/api/dpo/access-log?caseId=${c.caseId}`, tokens.datenschutz), 'Protokoll')).items as { purpose: string; what: string }[];
    expect(log.length).toBeGreaterThan(logBefore);
    expect(log[0]).toMatchObject({ purpose: 'Prüfung des Widerspruchs', what: 'Begründung des Widerspruchs' });

    const history = await text(page, '[data-testid=history]');
    for (const label of ['Antrag eingegangen', 'Unterlage hinzugefügt', 'Entwurf erstellt', 'zur Freigabe vorgelegt', 'Bescheid bekanntgegeben', 'Widerspruch eingegangen']) expect(history).toContain(label);
    for (const code of ['received', 'document_added', 'prepare_draft', 'submit_review', 'file_objection']) expect(history).not.toContain(code);
    axeResults['widerspruch begründung'] = await axe(page);
    await screenshot(page, 'staff-widerspruch-begruendung');
  });

  it('B2: the auditor lands on a page of decisions with hashes and receipts, without personal data; menus show only what the role can use', async () => {
    const page = await staffLogin('pruefung');
    expect(new URL(page.url()).pathname).toBe('/verwaltung/pruefung');
    await page.locator('[data-testid=audit-decisions]').waitFor();
    const table = await text(page, '[data-testid=audit-decisions]');
    expect(table).toContain(issued.aktenzeichen);
    expect(table).toMatch(/sha256:/);
    expect(table).not.toContain('Wilma');
    const nav = await text(page, 'nav[aria-label="Bereiche der Verwaltung"]');
    expect(nav).toContain('Prüfung der Entscheidungen');
    expect(nav).not.toContain('Regelwerke und Rechtsstände');
    await page.locator(`[data-testid="receipt-${issued.aktenzeichen}"]`).click();
    await page.locator('[data-testid=audit-receipt]').waitFor();
    expect(await text(page, '[data-testid=audit-receipt]')).toMatch(/resultHash/);
    axeResults['prüfung'] = await axe(page);
    await screenshot(page, 'staff-pruefung');

    // A2: a section the role may not use says so, an unknown one is not found
    await page.goto('/verwaltung/benutzer');
    await settled(page);
    expect(await text(page, 'main')).toContain('Für diese Seite fehlt Ihnen die Berechtigung.');
    expect(await text(page, 'main')).not.toContain('Sie können die Einstellungen ansehen');
    await page.goto('/verwaltung/gibt-es-nicht');
    await settled(page);
    expect(await text(page, 'h1')).toBe('Seite nicht gefunden');
    // A1: the auditor cannot enter register entries and is not asked to
    await page.goto('/verwaltung/ki-register');
    await settled(page);
    expect(await text(page, 'main')).not.toContain('als Entwürfe an:');
  });

  it('A1, A2: the administration switches features by their German names and is not told to ask the administration', async () => {
    const page = await staffLogin('admin', '/verwaltung/ki-register');
    await page.locator('[data-testid=feature-drafting] button').waitFor();
    const button = await text(page, '[data-testid=feature-drafting] button');
    expect(button).toContain('KI-Entwürfe');
    expect(button).not.toContain('„drafting“');
    await page.goto('/verwaltung/datenschutz');
    await settled(page);
    expect(await text(page, 'main')).toContain('Für diese Seite fehlt Ihnen die Berechtigung.');
    expect(await text(page, 'main')).not.toContain('ändern kann sie die Administration');
  });
});
