import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEARNING_UNITS } from '../../src/governance/index.ts';
import { apiClient } from './governance.ts';
import { axe, axeFailures, invisibleFocus, screenshot, settled, startE2E, uploadAsStaff, writeArtifact, type AxeViolation, type E2E } from './harness.ts';
import { byId, byTestId, focusLog, linkText, press, radioByKeyboard, selectByKeyboard, tabTo, typeInto } from './keyboard.ts';

/**
 * Participation and the experimentation space end to end in Chromium, by keyboard alone: a
 * public consultation (citizen comments and reports abuse, the owner moderates, closes and
 * answers, the answer and the status are public), the staff council's vote opening the
 * activation gate, an objection through to a changed decision with feedback on it, and the
 * sandbox (only synthetic data reachable, personal data refused in German, kiosk, reset).
 * Every page is checked with axe-core (WCAG 2.1 A/AA) in German and English and photographed.
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const REAL_NAME = 'Reinhild Echtdaten';
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const german = (iso: string) => iso.split('-').reverse().join('.');

let e: E2E;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const users = new Map<string, string>();
const axeResults: Record<string, AxeViolation[]> = {};
const problems: string[] = [];

function watch(page: Page, who: string): Page {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${who}: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${who}: ${err.message}`));
  return page;
}

/** axe in German, screenshot, English, axe and screenshot again, back to German. */
async function check(page: Page, name: string): Promise<void> {
  await settled(page);
  axeResults[`${name} (de)`] = await axe(page);
  await screenshot(page, `beteiligung-${name}`);
  await page.click('[data-testid=language-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await settled(page);
  axeResults[`${name} (en)`] = await axe(page);
  await screenshot(page, `beteiligung-${name}-en`);
  await page.click('[data-testid=language-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  await settled(page);
}

/** Waits for an element; if it does not come, the failure carries a screenshot and the page's text. */
async function seen(page: Page, selector: string, timeout = 20_000): Promise<void> {
  await page
    .locator(selector)
    .first()
    .waitFor({ timeout })
    .catch(async (x: unknown) => {
      const file = await screenshot(page, 'fehler');
      throw new Error(`${selector} erscheint nicht (${String(x).split('\n')[0]}); Bildschirmfoto ${file}; Seite: ${((await page.locator('main').textContent().catch(() => '')) ?? '').slice(0, 1500)}`);
    });
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? '';
}

async function must(r: Promise<{ status: number; body: any }>, what: string, ok = [200, 201]) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const x = await r;
  if (!ok.includes(x.status)) throw new Error(`${what}: ${x.status} ${JSON.stringify(x.body)}`);
  return x.body;
}

async function staffLogin(page: Page, username: string, to: string): Promise<void> {
  await page.goto(`/anmelden/beschaeftigte?weiter=${encodeURIComponent(to)}`);
  await settled(page);
  await typeInto(page, 'staff-username', username);
  await typeInto(page, 'staff-password', e.accounts.get(username)!.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**${to.split('?')[0]}*`);
  await settled(page);
}

/** A Wohngeld case decided (a refusal: income too high) and issued, through the staff API. */
async function issuedCase(): Promise<{ caseId: string; aktenzeichen: string; accessCode: string }> {
  const sub = await must(
    api.call('POST', '/api/applications', undefined, {
      packId: 'wohngeld',
      applicant: { name: 'Frieda Widerspruch' },
      antrag: { stichtag: '2026-11-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'Person 1', rolle: 'antragsteller', einkuenfte: [{ art: 'erwerb', brutto_monat: '4000.00' }] }] },
    }),
    'Antrag',
  );
  const id = sub.caseId as string;
  const cw = tokens.sachbearbeitung!;
  const missing = (await must(api.call('GET', `/api/cases/${id}/missing`, cw), 'Fehlende Unterlagen')).items as { id: string }[];
  await uploadAsStaff(e.base, id, cw, missing.map((m) => m.id), PDF);
  let c = await must(api.call('GET', `/api/cases/${id}`, cw), 'Fall');
  c = await must(api.call('POST', `/api/cases/${id}/check`, cw, { version: c.version }), 'Prüfen');
  const end = Date.now() + 60_000;
  while (c.state !== 'draft_prepared') {
    if (Date.now() > end) throw new Error(`Kein Entwurf: Stand ${c.state}`);
    await new Promise((ok) => setTimeout(ok, 250));
    c = await must(api.call('GET', `/api/cases/${id}`, cw), 'Fall');
  }
  c = await must(api.call('POST', `/api/cases/${id}/submit-review`, cw, { version: c.version }), 'Vorlegen');
  c = await must(api.call('POST', `/api/cases/${id}/approve`, cw, { version: c.version }), 'Freigabe 1');
  if (c.state !== 'approved') c = await must(api.call('POST', `/api/cases/${id}/approve`, tokens.sachbearbeitung2, { version: c.version }), 'Freigabe 2');
  c = await must(api.call('POST', `/api/cases/${id}/issue`, cw, { version: c.version }), 'Bekanntgabe');
  expect(c.state).toBe('issued');
  return { caseId: id, aktenzeichen: sub.aktenzeichen, accessCode: sub.accessCode };
}

describe('participation and the experimentation space in Chromium (keyboard, axe, screenshots)', { timeout: 150_000 }, () => {
  let consultationId = '';
  let realCase: { caseId: string; aktenzeichen: string };

  beforeAll(async () => {
    // A short kiosk timeout, so that the kiosk's warning and clearing can be seen within the test.
    process.env.AMTSKLAR_SANDBOX_KIOSK_SECONDS = '30';
    e = await startE2E();
    api = apiClient(e.base);
    for (const u of ['admin', 'teamleitung', 'sachbearbeitung', 'sachbearbeitung2']) tokens[u] = await api.login(u, e.accounts.get(u)!.password);
    await must(
      api.call('POST', '/api/governance/register/product-systems', tokens.admin, {
        organization: 'Stadt Musterstadt',
        area: 'Bürgerservice',
        contactEmail: 'ki@musterstadt.example',
        benefitsDepartment: 'Amt für Soziales und Wohnen',
        youthDepartment: 'Jugendamt',
        serviceDepartment: 'Bürgerservice',
        reviewDue: day(365),
      }),
      'Produktsysteme',
    );
    for (const u of (await must(api.call('GET', '/api/admin/users', tokens.admin), 'Benutzer')).items as { id: string; username: string }[]) users.set(u.username, u.id);
    for (const id of ['buerger-chatbot', 'wohngeld-regelwerk']) await must(api.call('PUT', `/api/governance/register/${id}/owners`, tokens.admin, { owners: [users.get('teamleitung')] }), `Verantwortliche ${id}`);
    // The chatbot's register entry goes public, so that its owner can open a consultation on it (in the browser).
    const entry = (await must(api.call('GET', '/api/governance/register/buerger-chatbot', tokens.teamleitung), 'Eintrag')).entry;
    await must(api.call('POST', '/api/governance/register/buerger-chatbot/transition', tokens.teamleitung, { version: entry.version, to: 'consultation' }), 'Eintrag öffentlich');
    const real = await must(api.call('POST', '/api/applications', undefined, { packId: 'wohngeld', applicant: { name: REAL_NAME }, antrag: { stichtag: '2026-11-01', mietenstufe: 3, miete_monat: '700.00', haushaltsmitglieder: [{ id: 'Person 1', einkuenfte: [] }] } }), 'Echter Antrag');
    realCase = { caseId: real.caseId, aktenzeichen: real.aktenzeichen };
  }, 120_000);

  afterAll(async () => {
    writeArtifact('participation-axe.json', axeResults);
    writeArtifact('participation-focus.json', focusLog);
    await e?.close();
  });

  it('AI register gate in the browser: the assistant is not offered while its register entry is not active, in the page and through the API', async () => {
    const page = watch(await (await e.context()).newPage(), 'Assistent gesperrt');
    await page.goto('/');
    await settled(page);
    // C11: no „Assistenten öffnen“ that would only say „nicht verfügbar“.
    expect(await page.locator('[data-testid=chat-open]').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('Assistenten öffnen');
    expect(await page.locator('[data-testid=chat-widget]').count()).toBe(0);
    expect(await page.locator('#chat-question').count()).toBe(0);
    await check(page, 'assistent-gesperrt');
    const asked = await api.call('POST', '/api/assistant/chat', undefined, { message: 'Was kostet ein Personalausweis?' });
    expect(asked.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(asked.body)).toContain('nicht freigegeben');
  });

  it('consultation: the owner prepares and opens it; a citizen comments (code of conduct, no personal data) and reports abuse; the owner moderates, closes and answers; the answer and the status are public', async () => {
    const lead = watch(await (await e.context()).newPage(), 'Teamleitung');
    await staffLogin(lead, 'teamleitung', '/arbeitsplatz/beteiligung');
    await seen(lead, '#neu-titel');
    await check(lead, 'verwaltung-uebersicht');
    await selectByKeyboard(lead, 'neu-eintrag', 'buerger-chatbot');
    await typeInto(lead, 'neu-beginn', german(day(0)));
    await typeInto(lead, 'neu-ende', german(day(5)));
    await typeInto(lead, 'neu-titel', 'Chat-Assistent auf musterstadt.example');
    await typeInto(lead, 'neu-text', 'Die Stadt möchte einen Chat-Assistenten auf ihrer Website einsetzen. Er beantwortet allgemeine Fragen zu Leistungen – nur aus den Beschreibungen der Stadt – und sagt bei jeder Antwort, dass er eine Maschine ist.');
    await typeInto(lead, 'neu-fragen', 'Welche Fragen sollte der Assistent beantworten können?\nWas sollte er nie tun?');
    await press(lead, byTestId('consultation-create'), 'Entwurf anlegen');
    // Too short a comment period: the server's German message next to the field.
    await seen(lead, '#neu-ende[aria-invalid=true]');
    expect(await text(lead, '#neu-ende-error')).toContain('mindestens 14 Tage');
    await typeInto(lead, 'neu-ende', german(day(21)));
    await press(lead, byTestId('consultation-create'), 'Entwurf anlegen');
    await lead.waitForURL(/\/arbeitsplatz\/beteiligung\/[0-9a-f-]{36}$/);
    consultationId = new URL(lead.url()).pathname.split('/').pop()!;
    await press(lead, byTestId('consultation-open'), 'Beteiligung eröffnen');
    await seen(lead, '[data-testid=consultation-close]');

    const citizen = watch(await (await e.context()).newPage(), 'Bürger');
    await citizen.goto('/beteiligung');
    await settled(citizen);
    await check(citizen, 'liste');
    await press(citizen, linkText('Chat-Assistent auf musterstadt.example'), 'Beteiligung öffnen');
    await citizen.locator('[data-testid=consultation-description]').waitFor();
    expect(await text(citizen, '[data-testid=consultation-deadline]')).toContain(german(day(21)));
    await check(citizen, 'beteiligung');
    // Without the code of conduct: a German message next to the checkbox.
    await typeInto(citizen, 'beitrag-text', 'Der Assistent sollte Gebühren immer mit Rechtsgrundlage nennen.');
    await press(citizen, byTestId('comment-submit'), 'Beitrag veröffentlichen');
    await citizen.locator('#beitrag-kodex[aria-invalid=true]').waitFor();
    await tabTo(citizen, byId('beitrag-kodex'), 'Verhaltenskodex', { back: true });
    await citizen.keyboard.press('Space');
    await press(citizen, byTestId('comment-submit'), 'Beitrag veröffentlichen');
    await citizen.locator('[data-testid=comment-1]').waitFor();
    // Personal data: refused, with the reason in German next to the field.
    await typeInto(citizen, 'beitrag-text', 'Ich heiße Erika Mustermann und wohne in der Hauptstraße 5, 12345 Musterstadt.');
    await tabTo(citizen, byId('beitrag-kodex'), 'Verhaltenskodex');
    await citizen.keyboard.press('Space');
    await press(citizen, byTestId('comment-submit'), 'Beitrag veröffentlichen');
    await citizen.locator('#beitrag-text[aria-invalid=true]').waitFor();
    expect(await text(citizen, '#beitrag-text-error')).toMatch(/keine persönlichen Daten enthalten/);
    await typeInto(citizen, 'beitrag-text', 'Das ist doch alles Unsinn, ihr Idioten im Rathaus!');
    await press(citizen, byTestId('comment-submit'), 'Beitrag veröffentlichen');
    await citizen.locator('[data-testid=comment-2]').waitFor();
    expect(await citizen.locator('[data-testid=comments] > li').count()).toBe(2);
    // Report comment 2 (rule chosen by keyboard).
    await press(citizen, byTestId('report-2'), 'Beitrag 2 melden');
    await selectByKeyboard(citizen, 'melden-regel-2', 'respekt');
    await press(citizen, byTestId('report-send-2'), 'Meldung senden');
    await citizen.locator('kol-alert', { hasText: 'Danke für Ihre Meldung' }).waitFor();

    // The owner (team lead) moderates: hides comment 2 naming the rule.
    await lead.goto('/arbeitsplatz/beteiligung');
    await seen(lead, '[data-testid=staff-consultations]');
    await press(lead, linkText('Chat-Assistent auf musterstadt.example'), 'Beteiligung moderieren');
    await lead.locator('[data-testid=moderation-queue]').waitFor();
    expect(await text(lead, '[data-testid=moderation-queue]')).toContain('respekt');
    await check(lead, 'moderation');
    await selectByKeyboard(lead, 'mod-regel-2', 'respekt');
    await typeInto(lead, 'mod-grund-2', 'Beleidigung der Beschäftigten.');
    await press(lead, byTestId('moderate-2'), 'Moderation speichern');
    await seen(lead, '[data-testid=moderation-log]');
    expect(await text(lead, '[data-testid=staff-comment-2]')).toContain('Beleidigung');

    // The deadline passes (the consultation and its governance record opened 20 days ago and closed yesterday).
    await e.platform.db.query('UPDATE participation_consultations SET opens_on = $2, closes_on = $3, opened_on = $2 WHERE id = $1', [consultationId, day(-20), day(-1)]);
    await e.platform.db.query(`UPDATE governance_consultations SET opened_at = $1::date, record = record || jsonb_build_object('openedAt', $1::text, 'closesAt', $2::text) WHERE system_id = 'buerger-chatbot'`, [day(-20), day(-1)]);
    await lead.reload();
    await settled(lead);
    await press(lead, byTestId('consultation-close'), 'Beteiligung abschließen');
    await lead.locator('#antwort-text').waitFor();
    await selectByKeyboard(lead, 'auswertung-art-1', 'accepted');
    await typeInto(lead, 'auswertung-text-1', 'Jede Gebühr im Assistenten nennt jetzt ihre Rechtsgrundlage.');
    await press(lead, byTestId('dispose-1'), 'Auswertung speichern');
    await seen(lead, '[data-testid=staff-disposition-1]');
    await typeInto(lead, 'antwort-text', 'Wir haben alle Beiträge gelesen. Der Assistent nennt Gebühren künftig immer mit Rechtsgrundlage. Beleidigende Beiträge wurden ausgeblendet.');
    await typeInto(lead, 'antwort-aenderungen', 'Gebühren mit Rechtsgrundlage');
    await press(lead, byTestId('response-publish'), 'Antwort veröffentlichen');
    await lead.locator('[data-testid=response-published]').waitFor();

    // Public: the answer, the evaluation of each comment, the hidden comment's note, no new comments.
    await citizen.reload();
    await settled(citizen);
    await citizen.locator('[data-testid=consultation-response]').waitFor();
    expect(await text(citizen, '[data-testid=consultation-response]')).toContain('nennt Gebühren künftig immer mit Rechtsgrundlage');
    expect(await text(citizen, '[data-testid=disposition-1]')).toContain('übernommen');
    expect(await text(citizen, '[data-testid=comment-2]')).toMatch(/ausgeblendet.*Respektvoll bleiben/);
    expect(await text(citizen, '[data-testid=consultation-status]')).toBe('abgeschlossen, Antwort veröffentlicht');
    await citizen.locator('[data-testid=comments-closed]').waitFor();
    await check(citizen, 'beteiligung-antwort');
    await press(citizen, linkText('Zur Transparenzseite'), 'Transparenzseite');
    await citizen.locator('[data-testid=participation-transparency]').waitFor();
    expect(await text(citizen, `[data-testid=transparency-consultation-${consultationId}]`)).toContain('abgeschlossen, Antwort veröffentlicht');
    await check(citizen, 'transparenz');
  });

  it('staff council: information, deliberation, a refusal and the conciliation board, then the vote with a service agreement — the activation gate stays closed until then', async () => {
    const id = 'entwurfsassistent';
    const adminT = tokens.admin!;
    // Everything else the gate asks for, through the API: overseer with AI literacy, obligations, DPIA, consultation.
    let entry = (await must(api.call('GET', `/api/governance/register/${id}`, adminT), 'Eintrag')).entry;
    await must(
      api.call('PATCH', `/api/governance/register/${id}`, adminT, { version: entry.version, content: { humanOversight: { ...entry.humanOversight, overseers: [{ personId: users.get('teamleitung'), name: 'Tanja Teamleiterin', role: 'Teamleitung', authority: 'Entwürfe verwerfen' }] } } }),
      'Aufsicht',
    );
    for (const u of LEARNING_UNITS) await must(api.call('POST', `/api/governance/literacy/units/${u.id}/attempts`, tokens.teamleitung, { answers: Object.fromEntries(u.quiz.map((q) => [q.id, q.correct])) }), `Lerneinheit ${u.id}`);
    for (const o of ((await must(api.call('GET', `/api/governance/register/${id}`, adminT), 'Eintrag')).obligations as { id: string; check?: string }[]).filter((x) => !x.check)) {
      await must(api.call('POST', `/api/governance/register/${id}/obligations`, adminT, { obligationId: o.id, status: 'met', evidence: [{ title: `Nachweis ${o.id}`, ref: `dms:KI-${o.id}` }] }), `Pflicht ${o.id}`);
    }
    await must(api.call('PATCH', `/api/governance/register/${id}/bundle`, adminT, { version: 0, dpia: { title: 'DSFA', ref: 'dms:DSFA-7', completedAt: day(-20), summary: 'Pseudonymisierung vor dem Modell.' } }), 'DSFA');
    await must(api.call('PUT', `/api/governance/register/${id}/consultation`, adminT, { openedAt: day(-60), closesAt: day(-30), closedAt: day(-30), responsePublishedAt: day(-25) }), 'Beteiligung');
    entry = (await must(api.call('GET', `/api/governance/register/${id}`, adminT), 'Eintrag')).entry;
    for (const to of ['consultation', 'approved']) entry = await must(api.call('POST', `/api/governance/register/${id}/transition`, adminT, { version: entry.version, to }), `Status ${to}`);

    const admin = watch(await (await e.context()).newPage(), 'Administration');
    await staffLogin(admin, 'admin', `/arbeitsplatz/personalrat?eintrag=${id}`);
    await admin.locator('[data-testid=gate-closed]').waitFor();
    expect(await text(admin, '[data-testid=gate-reasons]')).toMatch(/Personal(rat|vertretung)/);
    await check(admin, 'personalrat');
    expect((await api.call('POST', `/api/governance/register/${id}/transition`, adminT, { version: entry.version, to: 'active' })).status).toBe(403);
    await typeInto(admin, 'pr-unterrichtet', german(day(-30)));
    for (const item of ['systembeschreibung', 'zweck', 'daten', 'kontrollmoeglichkeiten', 'dsfa', 'fria', 'schulung', 'dv-entwurf']) await typeInto(admin, `pr-paket-${item}`, `dms:KI-7/${item}`);
    await press(admin, byTestId('council-inform'), 'Unterrichtung festhalten');
    await admin.locator('#pr-ergebnis').waitFor();
    expect(await text(admin, '[data-testid=gate-reasons]')).toMatch(/noch nicht beschlossen/);
    // A deliberation: without its outcome refused with the field named; then recorded and listed.
    await typeInto(admin, 'pr-eroerterung-datum', german(day(-20)));
    await press(admin, byTestId('council-deliberate'), 'Erörterung festhalten');
    await admin.locator('#pr-eroerterung-ergebnis[aria-invalid=true]').waitFor();
    await typeInto(admin, 'pr-eroerterung-ergebnis', 'Fragen zur Protokollierung geklärt; Schulung vor dem Start zugesagt.');
    await press(admin, byTestId('council-deliberate'), 'Erörterung festhalten');
    await admin.locator('[data-testid=procedure-deliberations]').waitFor();
    expect(await text(admin, '[data-testid=procedure-deliberations]')).toContain('Schulung vor dem Start zugesagt');
    await check(admin, 'personalrat-eroerterung');
    // Refused first: the administration calls the conciliation board (Einigungsstelle); its result is the new vote.
    await selectByKeyboard(admin, 'pr-ergebnis', 'rejected');
    await typeInto(admin, 'pr-beschluss-datum', german(day(-15)));
    await press(admin, byTestId('council-vote'), 'Beschluss festhalten');
    await admin.locator('#pr-einigung-datum').waitFor();
    expect(await text(admin, '[data-testid=procedure-vote]')).toMatch(/Ablehnung/);
    await typeInto(admin, 'pr-einigung-datum', german(day(-12)));
    await typeInto(admin, 'pr-einigung-anlass', 'Streit');
    await press(admin, byTestId('council-conciliate'), 'Anrufung festhalten');
    await admin.locator('#pr-einigung-anlass[aria-invalid=true]').waitFor();
    await typeInto(admin, 'pr-einigung-anlass', 'Streit über die Auswertung von Protokollen');
    await press(admin, byTestId('council-conciliate'), 'Anrufung festhalten');
    await admin.locator('[data-testid=procedure-conciliation]').waitFor();
    expect(await text(admin, '[data-testid=procedure-conciliation]')).toContain('Auswertung von Protokollen');
    await admin.locator('#pr-ergebnis').waitFor();
    await check(admin, 'personalrat-einigungsstelle');
    // Approval with conditions but without a service agreement: refused, the field named.
    await selectByKeyboard(admin, 'pr-ergebnis', 'approved-with-conditions');
    await typeInto(admin, 'pr-beschluss-datum', german(day(-5)));
    await typeInto(admin, 'pr-bedingungen', 'Keine Leistungskontrolle aus Protokollen');
    await press(admin, byTestId('council-vote'), 'Beschluss festhalten');
    await admin.locator('#pr-dv[aria-invalid=true]').waitFor();
    await check(admin, 'personalrat-beschluss-fehler');
    await typeInto(admin, 'pr-dv', 'DV-KI-2026');
    await typeInto(admin, 'pr-dv-datum', german(day(-5)));
    await press(admin, byTestId('council-vote'), 'Beschluss festhalten');
    await admin.locator('[data-testid=gate-open]').waitFor();
    expect(await text(admin, '[data-testid=procedure-agreement]')).toContain('DV-KI-2026');
    expect(await text(admin, '[data-testid=procedure-agreement]')).toContain('dv-amtsklar@2026-1');
    expect(await text(admin, '[data-testid=procedure-conditions]')).toContain('Keine Leistungskontrolle');
    await check(admin, 'personalrat-beschluss');
    expect((await api.call('POST', `/api/governance/register/${id}/transition`, adminT, { version: entry.version, to: 'active' })).status).toBe(200);
    // The template service agreement, linked from the council's page.
    await press(admin, linkText('Vorlage der Dienstvereinbarung für Amtsklar lesen'), 'Vorlage der Dienstvereinbarung');
    await admin.locator('[data-testid=service-agreement]').waitFor();
    expect(await text(admin, '[data-testid=service-agreement]')).toMatch(/Erprobung ist ausdrücklich gewollt/);
    await check(admin, 'dienstvereinbarung');
  });

  it('objection: filed in the portal, routed to a person not involved, changed — status and feedback on the decision (personal data removed) reach the citizen and the owner; feedback on one letter carries its id', async () => {
    const c = await issuedCase();
    const citizen = watch(await (await e.context()).newPage(), 'Widerspruch');
    await citizen.goto('/anmelden');
    await settled(citizen);
    await typeInto(citizen, 'login-az', c.aktenzeichen);
    await typeInto(citizen, 'login-code', c.accessCode);
    await citizen.keyboard.press('Enter');
    await citizen.waitForURL('**/mein-antrag');
    await citizen.goto(`/mein-antrag/${c.caseId}/widerspruch`);
    await settled(citizen);
    expect(await text(citizen, 'main')).toMatch(/Sie können bis zum \d\d\.\d\d\.\d{4} Widerspruch einlegen/);
    // Filing is the portal's case page (web/citizen).
    await citizen.goto(`/mein-antrag/${c.caseId}`);
    await settled(citizen);
    await typeInto(citizen, 'widerspruch-begruendung', 'Mein Einkommen ist seit März gesunken, siehe Bescheinigung.');
    await press(citizen, byTestId('objection-submit'), 'Widerspruch absenden');
    await citizen.locator('[data-testid=case-state]').getByText('Widerspruch eingelegt').waitFor();
    await press(citizen, linkText('Stand Ihres Widerspruchs'), 'Stand des Widerspruchs');
    await seen(citizen, '[data-testid=objection-status]');
    expect(await text(citizen, '[data-testid=objection-status]')).toContain('nicht beteiligt war');
    expect(await text(citizen, 'main')).not.toContain('Tanja');
    await check(citizen, 'widerspruch-stand');

    // Routed at once to the only team member who took no part: the team lead sees it as hers.
    const lead = watch(await (await e.context()).newPage(), 'Teamleitung Widerspruch');
    await staffLogin(lead, 'teamleitung', '/arbeitsplatz/widersprueche');
    await lead.locator('[data-testid=objections]').waitFor();
    const row = lead.locator('[data-testid=objections] tr', { hasText: c.aktenzeichen });
    expect(await row.textContent()).toContain('Sie');
    await check(lead, 'widersprueche');
    // The decision is changed in the case (workbench); here through the same API.
    const version = (await must(api.call('GET', `/api/cases/${c.caseId}`, tokens.teamleitung), 'Fall')).version;
    const changed = await must(
      api.call('POST', `/api/cases/${c.caseId}/reassess`, tokens.teamleitung, { version, result: 'changed', reason: 'Einkommensbescheinigung belegt geringeres Einkommen.', overrides: { wohngeld_monat: { value: 120, reason: 'Einkommen laut Bescheinigung vom 01.03.2026.' } } }),
      'Abhilfe',
    );
    // An override needs a second person (four-eyes): the Abhilfe waits, and the caseworker approves it in the workbench.
    expect(changed.state).toBe('abhilfe_review');
    const second = watch(await (await e.context()).newPage(), 'Freigabe der Abhilfe');
    await staffLogin(second, 'sachbearbeitung', `/arbeitsplatz/faelle/${c.caseId}`);
    await seen(second, '[data-testid=abhilfe-values]');
    expect(await text(second, '#abhilfe')).toContain('Tanja Teamleiterin');
    expect(await text(second, '[data-testid=abhilfe-values]')).toMatch(/wohngeld_monat\s*0\s*120 \(geändert\)/);
    await check(second, 'abhilfe-freigabe');
    await press(second, byTestId('approve-abhilfe'), 'Abhilfe freigeben');
    await second.locator('[data-testid=action-message]').getByText('Die Abhilfe ist freigegeben').waitFor();
    expect((await must(api.call('GET', `/api/cases/${c.caseId}`, tokens.teamleitung), 'Fall')).state).toBe('decision_changed');
    await citizen.reload();
    await citizen.locator('[data-testid=objection-status]').waitFor();
    expect(await text(citizen, '[data-testid=objection-label]')).toContain('Der Bescheid wurde geändert');

    // Feedback on the changed decision; the name, address and phone number are removed before storing.
    await press(citizen, linkText('Rückmeldung zur Entscheidung geben'), 'Rückmeldung');
    await citizen.locator('#rueckmeldung-bewertung').waitFor();
    await check(citizen, 'rueckmeldung');
    await radioByKeyboard(citizen, 'rueckmeldung-bewertung', '4');
    await typeInto(citizen, 'rueckmeldung-text', 'Schnell entschieden, danke. Frieda Widerspruch, Telefon 0151 23456789.');
    await press(citizen, byTestId('feedback-submit'), 'Rückmeldung senden');
    await citizen.locator('[data-testid=feedback-notice]').waitFor();
    expect(await text(citizen, '[data-testid=feedback-notice]')).toMatch(/persönliche Daten aus Ihrem Text entfernt/);
    // The owner reads it in the inbox, without the personal data, and marks it done.
    await lead.goto('/arbeitsplatz/rueckmeldungen');
    await lead.locator('[data-testid=feedback-item]').first().waitFor();
    const item = lead.locator('[data-testid=feedback-item]', { hasText: 'Schnell entschieden' });
    const stored = (await item.locator('[data-testid=feedback-text]').textContent()) ?? '';
    expect(stored).not.toContain('Frieda');
    expect(stored).not.toContain('23456789');
    const fid = ((await item.locator('select').getAttribute('id')) ?? '').replace(/^rm-status-/, '');
    await selectByKeyboard(lead, `rm-status-${fid}`, 'done');
    await press(lead, byTestId(`feedback-save-${fid}`), 'Stand speichern');
    await lead.waitForFunction(() => document.querySelector('[data-testid=announcer-polite]')?.textContent === 'Gespeichert.');
    await check(lead, 'rueckmeldungen');

    // Feedback on one letter, from that letter on the case page: the letter's id goes with it.
    await citizen.goto(`/mein-antrag/${c.caseId}`);
    await settled(citizen);
    // the letters' own disclosures (the receipt's technical details are one too)
    const letterSummaries = citizen.locator('section[aria-labelledby=letters-title] details summary');
    expect(await letterSummaries.count()).toBeGreaterThan(0);
    await letterSummaries.first().focus();
    await citizen.keyboard.press('Enter');
    await press(citizen, linkText('Rückmeldung zu diesem Schreiben geben'), 'Rückmeldung zum Schreiben');
    await citizen.locator('#rueckmeldung-bewertung').waitFor();
    const letterId = new URL(citizen.url()).searchParams.get('schreiben');
    expect(letterId).toBeTruthy();
    await radioByKeyboard(citizen, 'rueckmeldung-bewertung', '2');
    await typeInto(citizen, 'rueckmeldung-text', 'Der Bescheid ist schwer zu lesen: zu viele Paragraphen.');
    await press(citizen, byTestId('feedback-submit'), 'Rückmeldung senden');
    await citizen.locator('[data-testid=feedback-done]').waitFor();
    const inbox = (await must(api.call('GET', '/api/participation/feedback/inbox', tokens.admin), 'Rückmeldungen')) as { items: { subject: string; subjectRef: string | null; text: string | null }[] };
    expect(inbox.items.find((x) => x.text?.includes('zu viele Paragraphen'))).toMatchObject({ subject: 'letter', subjectRef: letterId });
  });

  it('experimentation space: labelled, synthetic cases at the caseworker’s desk, the gate catches the planted error, calculators with what-if, personal data refused in German', async () => {
    const page = watch(await (await e.context()).newPage(), 'Experimentierraum');
    await page.goto('/');
    await settled(page);
    await press(page, linkText('Experimentierraum'), 'Experimentierraum (Fußzeile)');
    await page.locator('[data-testid=sandbox-cases] li').first().waitFor();
    expect(await text(page, '[data-testid=sandbox-label]')).toContain('Übungsumgebung – keine echten Daten');
    await check(page, 'experimentierraum');
    // Calculator with what-if, from a synthetic case's data.
    await press(page, byTestId('sandbox-calculate'), 'Berechnen');
    await page.locator('[data-testid=sandbox-result]').waitFor();
    await press(page, byTestId('sandbox-whatif'), 'Grenze berechnen');
    await page.locator('[data-testid=sandbox-whatif-result] li').first().waitFor();
    // The assistant: personal data refused with a German message; a plain question answered.
    await typeInto(page, 'uebung-frage', 'Meine Steuer-ID ist 86095742719, bekomme ich Wohngeld?');
    await press(page, byTestId('sandbox-ask'), 'Frage senden');
    await page.locator('[data-testid=sandbox-refused]').waitFor();
    expect(await text(page, '[data-testid=sandbox-refused]')).toMatch(/Steuer-Identifikationsnummer/);
    await typeInto(page, 'uebung-frage', 'Was kostet ein Personalausweis?');
    await press(page, byTestId('sandbox-ask'), 'Frage senden');
    await page.locator('[data-testid=sandbox-answer]').waitFor();
    expect(await text(page, '[data-testid=sandbox-answer]')).toMatch(/Personalausweis/);
    await check(page, 'experimentierraum-rechner');
    await radioByKeyboard(page, 'uebung-rm-bewertung', '5');
    await typeInto(page, 'uebung-rm-text', 'Die Erklärung für die Sachbearbeitung ist gut.');
    await press(page, byTestId('sandbox-feedback-send'), 'Rückmeldung senden');
    await page.locator('[data-testid=sandbox-feedback-done]').waitFor();

    // The desk: a Wohngeld case with an open discretion point.
    const pool = (await must(api.call('GET', '/api/sandbox/cases'), 'Übungsfälle')).items as { no: number; label: string; packId: string; purpose: string }[];
    const open = pool.find((x) => x.packId === 'wohngeld' && x.purpose === 'discretion')!;
    await tabTo(page, linkText(new RegExp(`^Übungsfall ${open.no}:`)), `Übungsfall ${open.no}`, { back: true });
    await page.keyboard.press('Enter');
    await page.locator('#uebung-begruendung').waitFor();
    await typeInto(page, 'uebung-begruendung', 'Laut Herrn Meier, Tel. 0151 23456789, reicht das Ersparte.');
    await press(page, byTestId('sandbox-decide'), 'Entscheiden');
    await page.locator('#uebung-begruendung[aria-invalid=true]').waitFor();
    expect(await text(page, '#uebung-begruendung-error')).toMatch(/keine echten persönlichen Daten/);
    await check(page, 'uebungsfall-ermessen');
    await typeInto(page, 'uebung-begruendung', 'Ersparnisse decken den Lebensunterhalt.');
    await press(page, byTestId('sandbox-decide'), 'Entscheiden');
    await page.locator('[data-testid=sandbox-decided]').waitFor();
    await press(page, byTestId('sandbox-draft'), 'Entwurf erstellen');
    await page.locator('[data-testid=sandbox-gate-passed]').waitFor();
    await press(page, byTestId('sandbox-draft-planted'), 'Entwurf mit eingebautem Fehler');
    await page.locator('[data-testid=sandbox-gate-failed]').waitFor();
    await check(page, 'uebungsfall-pruefung');
  });

  it('experimentation space: no real case or personal data reachable (by URL and API); kiosk clears itself; reset works', async () => {
    const page = watch(await (await e.context()).newPage(), 'Experimentierraum 2');
    // By URL: a real case's id is no practice case.
    await page.goto(`/experimentierraum/fall/${realCase.caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Diesen Übungsfall gibt es nicht' }).waitFor();
    await check(page, 'uebungsfall-unbekannt');
    await page.goto('/experimentierraum');
    await page.locator('[data-testid=sandbox-cases] li').first().waitFor();
    const session = (await page.evaluate(() => JSON.parse(sessionStorage.getItem('amtsklar.experimentierraum') ?? 'null'))) as { sessionId: string };
    for (const no of [1, 2, 12]) {
      await page.goto(`/experimentierraum/fall/${no}`);
      await page.locator('[data-testid=sandbox-case-outcome]').waitFor();
      const shown = await text(page, 'main');
      expect(shown).not.toContain(REAL_NAME);
      expect(shown).not.toContain(realCase.aktenzeichen);
    }
    // By API, with the practice session: no real case, no staff or citizen data; the assistant hands over.
    expect((await api.call('GET', `/api/sandbox/sessions/${session.sessionId}/cases/${realCase.caseId}`)).status).toBe(400);
    expect((await api.call('GET', `/api/cases/${realCase.caseId}`)).status).toBe(401);
    expect((await api.call('GET', `/api/my/cases/${realCase.caseId}`)).status).toBe(401);
    const all = JSON.stringify([await api.call('GET', '/api/sandbox'), await api.call('GET', '/api/sandbox/cases'), await api.call('POST', '/api/sandbox/chat', undefined, { message: `Wie ist der Stand des Antrags ${realCase.aktenzeichen}?` })]);
    expect(all).not.toContain(REAL_NAME);
    expect(all).not.toContain(realCase.caseId);

    // Kiosk: after inactivity it warns, then clears the session (server and tab) and starts afresh.
    const kiosk = watch(await (await e.context()).newPage(), 'Kiosk');
    await kiosk.clock.install();
    await kiosk.goto('/experimentierraum?kiosk=1');
    await kiosk.locator('[data-testid=kiosk-note]').waitFor();
    await check(kiosk, 'kiosk');
    const before = (await kiosk.evaluate(() => JSON.parse(sessionStorage.getItem('amtsklar.experimentierraum') ?? 'null'))) as { sessionId: string; kiosk: boolean };
    expect(before.kiosk).toBe(true);
    await kiosk.clock.runFor(6_000);
    await kiosk.locator('[data-testid=kiosk-warning]').waitFor();
    await kiosk.clock.runFor(26_000);
    await kiosk.waitForFunction((old) => {
      const s = JSON.parse(sessionStorage.getItem('amtsklar.experimentierraum') ?? 'null') as { sessionId: string } | null;
      return s !== null && s.sessionId !== old;
    }, before.sessionId);
    expect((await api.call('POST', `/api/sandbox/sessions/${before.sessionId}/keep-alive`)).status).toBe(404);

    // Reset: a decision in the practice session, then the nightly reset (here by the administration) — the session is gone, a new one starts clean.
    const pool = (await must(api.call('GET', '/api/sandbox/cases'), 'Übungsfälle')).items as { no: number; packId: string; purpose: string }[];
    const open = pool.find((x) => x.packId === 'wohngeld' && x.purpose === 'discretion')!;
    await page.goto(`/experimentierraum/fall/${open.no}`);
    await page.locator('#uebung-begruendung').waitFor();
    await typeInto(page, 'uebung-begruendung', 'Ersparnisse decken den Lebensunterhalt.');
    await press(page, byTestId('sandbox-decide'), 'Entscheiden');
    await page.locator('[data-testid=sandbox-decided]').waitFor();
    expect((await api.call('POST', '/api/sandbox/reset', tokens.sachbearbeitung)).status).toBe(403);
    await must(api.call('POST', '/api/sandbox/reset', tokens.admin), 'Zurücksetzen');
    expect((await api.call('GET', `/api/sandbox/sessions/${session.sessionId}/cases/${open.no}`)).status).toBe(404);
    await page.reload();
    await page.locator('[data-testid=session-gone]').waitFor();
    await press(page, byTestId('session-restart'), 'Neu beginnen');
    await page.locator('#uebung-begruendung').waitFor();
    expect(await page.locator('[data-testid=sandbox-decided]').count()).toBe(0);
  });

  it('no WCAG 2.1 A/AA violation on any of these pages, in German and English', () => {
    expect(Object.keys(axeResults).length).toBeGreaterThanOrEqual(40);
    expect(axeFailures(axeResults)).toEqual([]);
  });

  it('every element reached by keyboard shows a visible focus indicator', () => {
    expect(focusLog.length).toBeGreaterThan(40);
    expect(invisibleFocus(focusLog)).toEqual([]);
  });

  it('no Content Security Policy violation and no script error in any page', () => {
    expect(problems).toEqual([]);
  });
});
