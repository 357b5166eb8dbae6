import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, settled, startE2E, type E2E } from './harness.ts';

/**
 * The citizen's generated forms with the mouse and at small widths: clicks that must not be
 * lost, the first person as the applicant, no codes or placeholders in what a citizen reads,
 * a draft deleted only after asking, and no horizontal scrolling at 320 px (WCAG 1.4.10).
 */
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
}, 300_000);

afterAll(async () => {
  await e?.close();
});

const member = '#feld-haushaltsmitglieder-0';

async function mainText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('main')!.innerText);
}

/** Step 1 of the Wohngeld form, then on to the household. */
async function generalStep(page: Page): Promise<void> {
  await page.fill('#feld-stichtag', '01.11.2026');
  await page.fill('#feld-mietenstufe', '3');
  await page.fill('#feld-miete_monat', '550');
  await page.click('[data-testid=step-next]');
  await page.locator(`${member}-id`).waitFor();
}

/** „Weiter“ until `ready` is on the page; an error summary on the way fails the test. */
async function nextUntil(page: Page, ready: string): Promise<void> {
  for (let i = 0; i < 8 && (await page.locator(ready).count()) === 0; i++) {
    const before = await page.locator('#step-heading').textContent();
    await page.click('[data-testid=step-next]');
    await page
      .waitForFunction(([b, r]) => document.querySelector(r!) !== null || document.querySelector('#step-heading')?.textContent !== b, [before, ready], { timeout: 20_000 })
      .catch(() => undefined);
    const summary = page.locator('[data-testid=error-summary]');
    if ((await page.locator('#step-heading').textContent()) === before && (await summary.count())) throw new Error(`Fehler auf dem Schritt „${before}“: ${await summary.innerText()}`);
  }
  await page.locator(ready).waitFor();
}

describe('citizen forms with the mouse and at 320 px', { timeout: 150_000 }, () => {
  it('a wrong date does not swallow the click on „Einkunft hinzufügen“; the first member is the applicant, later ones are asked', async () => {
    const page = await (await e.context()).newPage();
    await page.goto('/rechner/wohngeld');
    await settled(page);
    await generalStep(page);
    // C6: the person filling in the form starts as the applicant, not as „andere Person im Haushalt“.
    expect(await page.locator(`${member}-rolle input[value=antragsteller]`).isChecked()).toBe(true);
    // C6: nothing else is pre-answered, neither „Nein“ nor a choice.
    expect(await page.locator('main input[type=radio]:checked').count()).toBe(1);
    // B4: type a wrong date and click the next button straight away, with the mouse.
    await page.fill(`${member}-geburtsdatum`, '30.02.1980');
    await page.getByRole('button', { name: 'Einkunft hinzufügen' }).click();
    await page.locator(`${member}-einkuenfte-0`).waitFor({ timeout: 5_000 });
    // Before its kind is chosen, the income's question names no code („art“).
    const label = await page.locator(`label[for="feld-haushaltsmitglieder-0-einkuenfte-0-brutto_monat"]`).innerText();
    expect(label).toContain('(Einkunft Nr. 1)');
    expect(label).not.toMatch(/„art“|„“|\{/);
    // A member added later has no role chosen for them.
    await page.getByRole('button', { name: 'Haushaltsmitglied hinzufügen' }).click();
    await page.locator('#feld-haushaltsmitglieder-1-rolle').waitFor();
    expect(await page.locator('#feld-haushaltsmitglieder-1-rolle input:checked').count()).toBe(0);
    await page.getByRole('button', { name: 'Haushaltsmitglied Person 2 entfernen' }).click();
    await page.locator('#feld-haushaltsmitglieder-1-rolle').waitFor({ state: 'detached' });
    // The date error is shown after „Weiter“, next to the field.
    await page.selectOption(`${member}-einkuenfte-0-art`, 'erwerb');
    await page.fill(`${member}-einkuenfte-0-brutto_monat`, '1800');
    await page.click('[data-testid=step-next]');
    await page.locator(`${member}-geburtsdatum[aria-invalid=true]`).waitFor();
    await page.fill(`${member}-geburtsdatum`, '15.04.1980');
    await nextUntil(page, '[data-testid=calc-result]');
    // What-if options are named by their questions, not by field codes.
    const options = await page.locator('#whatif-field option').allInnerTexts();
    expect(options.length).toBeGreaterThan(1);
    for (const o of options.slice(1)) {
      expect(o).not.toMatch(/^[a-z_]+$|_|·|^einer |^einem /);
    }
    expect(options.some((o) => o.includes('Bruttoeinkommen („Lohn, Gehalt oder selbständige Arbeit“, Einkunft Nr. 1) von Haushaltsmitglied Person 1'))).toBe(true);
    await page.close();
  });

  it('application: „Entwurf löschen“ asks first and is away from „Weiter“; the summary fills every placeholder; after sending, the service is named by its title', async () => {
    const page = await (await e.context()).newPage();
    await page.goto('/antrag/wohngeld');
    await settled(page);
    await page.fill('#feld-miete_monat', '550');
    // „Weiter“ is not followed by the delete button in the tab order.
    await page.locator('[data-testid=step-next] button').focus();
    await page.keyboard.press('Tab');
    expect((await focused(page))?.testid).not.toBe('draft-clear');
    // C7: deleting asks first; „no“ keeps everything.
    await page.click('[data-testid=draft-clear]');
    await page.locator('[data-testid=draft-clear-confirmation]').waitFor();
    expect((await focused(page))?.id).toBe('draft-clear-question');
    expect(await page.inputValue('#feld-miete_monat')).toBe('550');
    await page.click('[data-testid=draft-clear-cancel]');
    expect(await page.inputValue('#feld-miete_monat')).toBe('550');
    expect((await focused(page))?.id).toBe('draft-clear');
    await page.click('[data-testid=draft-clear]');
    await page.click('[data-testid=draft-clear-confirm]');
    await page.locator('[data-testid=draft-clear-confirmation]').waitFor({ state: 'detached' });
    expect(await page.inputValue('#feld-miete_monat')).toBe('');

    await generalStep(page);
    await page.fill(`${member}-geburtsdatum`, '15.04.1980');
    await page.getByRole('button', { name: 'Einkunft hinzufügen' }).click();
    await page.selectOption(`${member}-einkuenfte-0-art`, 'erwerb');
    await page.fill(`${member}-einkuenfte-0-brutto_monat`, '1800');
    await nextUntil(page, '#antrag-name');
    await page.fill('#antrag-name', 'Erika Mustermann');
    // C12: the Bescheid needs an address; a phone number is digits, not „abc“.
    await page.fill('#antrag-telefon', 'abc');
    await page.click('[data-testid=step-next]');
    await page.locator('#antrag-telefon[aria-invalid=true]').waitFor();
    expect(await page.locator('#antrag-telefon-error').innerText()).toContain('Die Telefonnummer darf nur Ziffern');
    expect(await page.locator('#antrag-anschrift-error').innerText()).toContain('Bitte geben Sie Ihre Anschrift an');
    expect(await page.locator('label[for=antrag-anschrift]').innerText()).not.toContain('freiwillig');
    await page.fill('#antrag-anschrift', 'Lindenweg 5, 12345 Musterstadt');
    await page.fill('#antrag-telefon', '+49 (0)151 / 234-56 78');
    await nextUntil(page, '#antrag-erklaerung');
    // C6: an optional question left open reads „nicht beantwortet“, not a „Nein“ nobody gave.
    expect(await mainText(page)).toContain('nicht beantwortet');
    // C3: the summary names the member and the income, and shows no placeholder.
    const summary = await mainText(page);
    expect(summary).not.toMatch(/\{[a-z#_]+\}/);
    expect(summary).toContain('Welche Steuern und Pflichtbeiträge zahlt Haushaltsmitglied Person 1?');
    expect(summary).toContain('Einkunft 1 von Person 1');
    await page.check('#antrag-erklaerung');
    await page.click('[data-testid=step-next]');
    await page.locator('[data-testid=done-aktenzeichen]').waitFor();
    // C8: the confirmation's heading has the focus, not <body>.
    expect((await focused(page))?.id).toBe('page-heading');
    await page.goto('/mein-antrag');
    await page.locator('main table tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelector('main table tbody td:nth-child(2)')?.textContent === 'Wohngeld (WoGG)');
    await page.locator('main table tbody a').first().click();
    await page.locator('[data-testid=case-state]').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('main dl.facts dd')].some((d) => d.textContent === 'Wohngeld (WoGG)'));
    expect(await mainText(page)).not.toMatch(/\bwohngeld\b/);
    await page.close();
  });

  it('no horizontal scrolling at 320 px on the citizen pages, nor on /leistungen at 1280 px', async () => {
    const ctx = await e.context();
    const page = await ctx.newPage();
    const wide: string[] = [];
    const measure = async (what: string, width: number) => {
      await settled(page);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > width) wide.push(`${what}: ${w} px`);
    };
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/leistungen');
    await page.locator('.card').first().waitFor();
    await measure('/leistungen (1280)', 1280);
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/', '/leistungen', '/leistungen/wohnberechtigungsschein', '/leichte-sprache', '/transparenz', '/datenschutz', '/barrierefreiheit', '/barriere-melden', '/dienstvereinbarung', '/anmelden', '/antrag/wohngeld']) {
      await page.goto(path);
      await page.locator('#page-heading').waitFor();
      await measure(path, 320);
    }
    await page.goto('/rechner/wohngeld');
    await page.locator('#feld-stichtag').waitFor();
    await measure('/rechner/wohngeld Schritt 1', 320);
    await generalStep(page);
    await page.getByRole('button', { name: 'Einkunft hinzufügen' }).click();
    await measure('/rechner/wohngeld Schritt 2', 320);
    expect(wide).toEqual([]);
  });
});
