import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..', '..');

it('prints the application format of a pack as JSON Schema, with question and legal reference per field', () => {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'amtsklar.js'), 'schema', 'wohngeld'], { cwd: repo, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const schema = JSON.parse(r.stdout) as { properties: Record<string, { type?: string; 'x-norm'?: string; description?: string }> };
  expect(schema.properties.mietenstufe).toMatchObject({ type: 'integer', 'x-norm': expect.stringContaining('§ 12') });
  expect(schema.properties.miete_monat!.description).toMatch(/Miete/);
  // as in the contract's schema: the Mietenstufe or the Gemeindeschlüssel, not necessarily both
  const whole = schema as unknown as { required: string[]; anyOf: unknown };
  expect(whole.required).toEqual(['stichtag', 'miete_monat', 'haushaltsmitglieder']);
  expect(whole.anyOf).toEqual([{ required: ['mietenstufe'] }, { required: ['gemeindeschluessel'] }]);
  // every official example uses only fields the schema names at the top level
  const dir = join(repo, '..', 'shared', 'domain', 'wohngeld-beispiele');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const { antrag } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { antrag: Record<string, unknown> };
    for (const key of Object.keys(antrag)) expect(Object.keys(schema.properties), `${f}: ${key}`).toContain(key);
  }
}, 60_000);
