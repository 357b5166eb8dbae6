import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, axeFailures, settled, startE2E, type E2E } from './harness.ts';

/**
 * The experimentation space's calculator speaks the citizen form's language: the pack's
 * questions instead of JSON paths, answers in words (Ja/Nein, the names of the choices), the
 * result by its name as a euro amount, and no horizontal scrolling at 320 px (WCAG 1.4.10).
 */
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
}, 300_000);

afterAll(async () => {
  await e?.close();
});

describe('experimentation space calculator', { timeout: 150_000 }, () => {
  it('labels fields with the pack’s questions, answers in words, the result as a German euro amount, at 320 px', async () => {
    const page = await (await e.context()).newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/experimentierraum');
    await page.locator('#rechner-start').waitFor();
    await page.locator('#uebung-miete_monat, #uebung-art').first().waitFor();
    await settled(page);
    const form = page.locator('section[aria-labelledby=rechner-h] form');
    const labels = await form.locator('label, legend').allInnerTexts();
    expect(labels.filter((l) => /\$\.|Angabe |_/.test(l))).toEqual([]);
    expect(labels.some((l) => /Miete/.test(l))).toBe(true);
    // Choices by their names: „Ich wohne zur Miete (Mietzuschuss)“, never „mietzuschuss“; yes/no as Ja/Nein.
    const options = await form.locator('option').allInnerTexts();
    expect(options).not.toContain('mietzuschuss');
    expect(options).not.toContain('antragsteller');
    expect(options.some((o) => o.includes('Mietzuschuss'))).toBe(true);
    const radios = await form.locator('input[type=radio] + label, label:has(input[type=radio])').allInnerTexts();
    expect(radios.filter((r) => /true|false/.test(r))).toEqual([]);
    // Amounts with a decimal comma.
    expect(await page.inputValue('#uebung-miete_monat')).not.toMatch(/\.\d/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    await page.click('[data-testid=sandbox-calculate]');
    await page.locator('[data-testid=sandbox-main]').waitFor();
    const main = await page.locator('[data-testid=sandbox-main]').innerText();
    expect(main).toMatch(/^Monatliches Wohngeld: [\d.]+(,\d\d)? €$/);
    const whatIf = await page.locator('#rechner-wasw option').allInnerTexts();
    expect(whatIf.length).toBeGreaterThan(0);
    expect(whatIf.filter((o) => /\$\.|_/.test(o))).toEqual([]);
    await page.click('[data-testid=sandbox-whatif]');
    await page.locator('[data-testid=sandbox-whatif-result] li').first().waitFor();
    await settled(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // The pointer off the button just pressed: its hover colours are in transition, not what a reader meets.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    expect(axeFailures({ experimentierraum: await axe(page) })).toEqual([]);

    // A Kita case: its fields by the Kita pack's questions, its result by its own name.
    const kita = await page.locator('#rechner-start option', { hasText: 'Kita' }).first().getAttribute('value');
    await page.selectOption('#rechner-start', kita!);
    await page.waitForFunction(() => !document.querySelector('#uebung-miete_monat'));
    await page.click('[data-testid=sandbox-calculate]');
    await page.locator('[data-testid=sandbox-main]').waitFor();
    expect(await page.locator('[data-testid=sandbox-main]').innerText()).toMatch(/^Monatlicher Elternbeitrag: [\d.]+(,\d\d)? €$/);
    expect((await form.locator('label, legend').allInnerTexts()).filter((l) => /\$\.|Angabe |_/.test(l))).toEqual([]);
    await page.close();
  });
});
