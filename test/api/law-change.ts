import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKS_ROOT } from '../../src/pack-files/index.ts';

/**
 * A law change for tests: a packs folder with the installed packs plus a Wohngeld release
 * "2026.1" in which the Höchstbeträge of Mietenstufe III (from 2025) are raised, as a
 * Fortschreibung would. Households whose rent is above the old cap get more Wohngeld;
 * all others keep their result.
 */
export const NEW_RELEASE = '2026.1';

export function packsWithLawChange(): string {
  const root = mkdtempSync(join(tmpdir(), 'amtsklar-packs-'));
  cpSync(join(PACKS_ROOT, 'wohngeld'), join(root, 'wohngeld'), { recursive: true });
  cpSync(join(PACKS_ROOT, 'kita-beitrag'), join(root, 'kita-beitrag'), { recursive: true });
  const next = join(root, 'wohngeld-2026');
  cpSync(join(PACKS_ROOT, 'wohngeld'), next, { recursive: true });
  const packYaml = join(next, 'pack.yaml');
  writeFileSync(packYaml, readFileSync(packYaml, 'utf8').replace(/^release: .*$/m, `release: "${NEW_RELEASE}"`));
  const anlage1 = join(next, 'parameters', 'anlage1-hoechstbetraege.yaml');
  const text = readFileSync(anlage1, 'utf8');
  const old = '{ je_hhm: [456, 551, 657, 766, 875], mehrbetrag: 106 }';
  if (!text.includes(old)) throw new Error('Anlage 1 (2025, Mietenstufe III) nicht gefunden');
  writeFileSync(anlage1, text.replace(old, '{ je_hhm: [520, 630, 750, 870, 990], mehrbetrag: 120 }'));
  return root;
}
