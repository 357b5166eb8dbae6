import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { installedEngine, openPlatform, type Platform } from '../../src/server/index.ts';
import { seedTenant, type DemoAccount } from '../../src/seed/index.ts';
import { openPglite } from '../../src/store/index.ts';
import { buildWeb, webIsStale } from '../../web/tools/build.ts';
import { freePort } from '../free-port.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');
export const WEB = join(ROOT, 'web');
export const DIST = join(WEB, 'dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');

/** Debian's Chromium (installed by scripts/test-env.sh); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/**
 * Builds the web app unless web/dist is newer than every source file (and the Vite config).
 * Test files run in parallel processes; on a clean clone each would build into the same
 * web/dist at once, so the build is taken under a lock directory (mkdir is atomic) and the
 * others wait, then find it fresh.
 */
export function ensureWebBuilt(): void {
  const lock = join(ROOT, 'var', 'web-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than ten minutes is left over from a killed run.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(pause, 0, 0, 200);
    }
  }
  try {
    if (webIsStale()) buildWeb();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface E2E {
  base: string;
  platform: Platform;
  accounts: Map<string, DemoAccount>;
  browser: Browser;
  dataDir: string;
  /** A fresh browser context (own cookies and storage), German unless told otherwise. */
  context(opts?: { locale?: string }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * A real server on a free port with a fresh PGlite data directory (migrated, the Musterstadt
 * tenant and its staff accounts), the built web app, and one Chromium for the whole file.
 */
export async function startE2E(opts: { packsDir?: string; settings?: object } = {}): Promise<E2E> {
  ensureWebBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  if (opts.packsDir) process.env.AMTSKLAR_PACKS_DIR = opts.packsDir;
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsklar-e2e-'));
  // A snapshot of the built app for this run: another test file (or a developer) rebuilding
  // web/dist meanwhile would otherwise delete the chunks this server's pages still load.
  const webDir = join(dataDir, 'web');
  cpSync(DIST, webDir, { recursive: true });
  process.env.AMTSKLAR_WEB_DIST = webDir;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const db = await openPglite(dataDir);
  const platform = await openPlatform({
    store: {},
    db,
    engine: installedEngine(opts.packsDir),
    logger: false,
    sweepEveryMs: 3_600_000,
    server: { rateLimitPerMinute: 100_000, loginPerMinute: 1000, publicUrl: base },
  });
  const accounts = new Map((await seedTenant(platform.db, 'musterstadt', 'Stadt Musterstadt', undefined, opts.settings ?? {})).map((a) => [a.username, a]));
  await platform.app!.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    base,
    platform,
    accounts,
    browser,
    dataDir,
    async context(o = {}) {
      const c = await browser.newContext({ baseURL: base, locale: o.locale ?? 'de-DE', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      contexts.push(c);
      return c;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await platform.close();
      await db.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** The pages with violations, one readable line each (rule and elements), for the final assertion. */
export function axeFailures(results: Record<string, AxeViolation[]>): string[] {
  return Object.entries(results)
    .filter(([, v]) => v.length > 0)
    .map(([page, v]) => `${page}: ${v.map((x) => `${x.id} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('; ')}`);
}

/** Focus stops without a visible indicator: an outline of at least 2 px or a box shadow. */
export function invisibleFocus<T extends { outline: string; outlineWidth: number; boxShadow: string }>(log: T[]): T[] {
  return log.filter((f) => !((f.outline !== 'none' && f.outlineWidth >= 2) || (f.boxShadow !== 'none' && f.boxShadow !== '')));
}

/**
 * axe-core in the page, WCAG 2.1 A and AA rules. Injected through the DevTools protocol, so the
 * page's strict Content Security Policy (no inline scripts) stays in force.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const r = await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  });
  return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 300), ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })) }));
}

/** Waits until KoliBri components in the page have rendered (they hydrate asynchronously). */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => [...document.querySelectorAll('kol-button, kol-alert, kol-badge')].every((e) => e.classList.contains('hydrated')), undefined, { timeout: 20_000 });
}

/**
 * The text a person sees in the first element matching `selector`, including text that web
 * components (KoliBri badges, alerts) render inside their shadow roots, which `textContent`
 * does not reach.
 */
export async function visibleText(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return '';
    const out: string[] = [];
    const walk = (n: Node) => {
      if (n.nodeType === Node.TEXT_NODE) out.push(n.textContent ?? '');
      if (n instanceof Element && ['STYLE', 'SCRIPT'].includes(n.tagName)) return;
      if (n instanceof HTMLSlotElement) {
        const slotted = n.assignedNodes({ flatten: true });
        (slotted.length ? slotted : [...n.childNodes]).forEach(walk);
        return;
      }
      (n instanceof Element && n.shadowRoot ? n.shadowRoot.childNodes : n.childNodes).forEach(walk);
    };
    walk(el);
    return out.join(' ').replace(/\s+/g, ' ').trim();
  }, selector);
}

let shot = 0;
/** A full-page screenshot as a test artefact (test-artifacts/e2e/NN-name.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export function writeArtifact(name: string, data: unknown): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), typeof data === 'string' ? data : JSON.stringify(data, null, 2));
}

/** The element that has focus, through shadow roots (KoliBri buttons focus an inner <button>). */
export async function focused(page: Page): Promise<{ tag: string; id: string; text: string; testid: string | null; outline: string; outlineWidth: number; boxShadow: string; hostTestid: string | null; hostId: string } | null> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    let host: Element | null = null;
    while (a?.shadowRoot?.activeElement) {
      host = a;
      a = a.shadowRoot.activeElement;
    }
    if (!a || a === document.body) return null;
    const cs = getComputedStyle(a);
    return {
      tag: a.tagName.toLowerCase(),
      id: a.id,
      text: (a.textContent ?? '').trim().slice(0, 80),
      testid: a.getAttribute('data-testid'),
      outline: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      boxShadow: cs.boxShadow,
      hostTestid: host?.getAttribute('data-testid') ?? null,
      hostId: host?.id ?? '',
    };
  });
}

/** Uploads one file per checklist item as staff (the set-up of cases whose evidence is complete). */
export async function uploadAsStaff(base: string, caseId: string, token: string, checklistIds: readonly string[], file: BlobPart): Promise<void> {
  for (const id of checklistIds) {
    const form = new FormData();
    form.append('checklistId', id);
    form.append('datei', new Blob([file], { type: 'application/pdf' }), 'nachweis.pdf');
    const r = await fetch(`${base}/api/cases/${caseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (r.status !== 201) throw new Error(`Unterlage ${id}: ${r.status} ${await r.text()}`);
  }
}
