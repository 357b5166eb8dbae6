import type { Page } from 'playwright-core';
import { focused } from './harness.ts';

type Focus = NonNullable<Awaited<ReturnType<typeof focused>>>;

/** Every element the keyboard reached on purpose, with its focus style (checked by the test). */
export const focusLog: { page: string; what: string; outline: string; outlineWidth: number; boxShadow: string }[] = [];

/**
 * Moves the focus with Tab (or Shift+Tab) until `want` matches the focused element — the way a
 * keyboard user gets there. Fails if the element cannot be reached within `max` presses.
 */
export async function tabTo(page: Page, want: (f: Focus) => boolean, label: string, opts: { max?: number; back?: boolean } = {}): Promise<Focus> {
  const max = opts.max ?? 250;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && want(f)) {
      focusLog.push({ page: new URL(page.url()).pathname, what: label, outline: f.outline, outlineWidth: f.outlineWidth, boxShadow: f.boxShadow });
      return f;
    }
  }
  throw new Error(`Mit der Tastatur nicht erreichbar: ${label} (auf ${page.url()})`);
}

export const byId = (id: string) => (f: Focus) => f.id === id;
export const byTestId = (id: string) => (f: Focus) => f.testid === id || f.hostTestid === id;
export const byText = (text: string | RegExp) => (f: Focus) => (typeof text === 'string' ? f.text === text : text.test(f.text));
export const linkText = (text: string | RegExp) => (f: Focus) => f.tag === 'a' && (typeof text === 'string' ? f.text === text : text.test(f.text));

/** Tab to a text field and type into it (replacing what is there). */
export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, byId(id), `Feld ${id}`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** Tab to a button or link and activate it with Enter. */
export async function press(page: Page, want: (f: Focus) => boolean, label: string, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  await tabTo(page, want, label);
  await page.keyboard.press(key);
}

/** Chooses an option of a <select> with the arrow keys until its value is `value`. */
export async function selectByKeyboard(page: Page, id: string, value: string): Promise<void> {
  await tabTo(page, byId(id), `Auswahl ${id}`);
  for (let i = 0; i < 60; i++) {
    const now = await page.evaluate((x) => ({ value: (document.getElementById(x) as HTMLSelectElement).value, focused: document.activeElement?.id === x }), id);
    if (now.value === value) return;
    // Focus taken away while the person is choosing (a late focus move of the page) is a bug.
    if (!now.focused) throw new Error(`Der Fokus hat ${id} verlassen, während ${value} gewählt wurde`);
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`Option ${value} in ${id} nicht erreichbar`);
}

/** Chooses a radio button of a group (fieldset id) with the arrow keys. */
export async function radioByKeyboard(page: Page, groupId: string, value: string): Promise<void> {
  await tabTo(page, (f) => f.tag === 'input' && f.id.startsWith(`${groupId}-`), `Optionen ${groupId}`);
  // With nothing chosen yet, Tab lands on the first option without choosing it: Space does.
  if ((await page.evaluate((g) => document.querySelector(`#${g} input:checked`), groupId)) === null) await page.keyboard.press('Space');
  for (let i = 0; i < 20; i++) {
    const checked = await page.evaluate((g) => (document.querySelector(`#${g} input:checked`) as HTMLInputElement | null)?.value ?? null, groupId);
    if (checked === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`Option ${value} in ${groupId} nicht erreichbar`);
}

/**
 * Tab to a file field and open its chooser with Space, then pick `file`. On a loaded machine the
 * page may re-render between focusing and pressing, so the key press is retried (as a person
 * would press again) while the field still has the focus or can be reached again.
 */
export async function chooseFileByKeyboard(
  page: Page,
  id: string,
  label: string,
  file: { name: string; mimeType: string; buffer: Buffer },
  opts: { back?: boolean } = {},
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const f = await focused(page);
    if (!f || f.id !== id) await tabTo(page, byId(id), label, opts);
    const chooser = page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => null);
    await page.keyboard.press('Space');
    const c = await chooser;
    if (c) return c.setFiles(file);
  }
  throw new Error(`Dateiauswahl öffnet sich mit der Leertaste nicht: ${label} (auf ${page.url()})`);
}
