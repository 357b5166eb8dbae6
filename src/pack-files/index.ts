/**
 * Rule packs on disk: `packs/<folder>/` with pack.yaml, inputs.yaml, parameters/, lookups/,
 * rules/, tests/. Reads the files and hands their text to the engine (which does no I/O).
 * A pack is named by its id, an alias, or a directory path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmtsklarError } from '../common/index.ts';
import { buildPack, type Pack } from '../engine/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's packs/ folder. */
export const PACKS_ROOT = resolve(here, '..', '..', 'packs');

export function readPackFiles(dir: string): Map<string, string> {
  if (!existsSync(join(dir, 'pack.yaml'))) {
    throw new AmtsklarError('invalid_pack', `Kein Regelwerk in ${dir}: pack.yaml fehlt`, [{ path: dir, message: 'pack.yaml fehlt' }]);
  }
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|csv|md|dmn)$/.test(name)) files.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

export function loadPackFromDir(dir: string): Pack {
  return buildPack(readPackFiles(dir));
}

export class PackRegistry {
  private readonly packs: Pack[] = [];

  add(pack: Pack): void {
    this.packs.push(pack);
  }

  /** The pack with this id or alias; the newest release unless one is named. */
  get(idOrAlias: string, release?: string): Pack {
    const candidates = this.packs.filter((p) => p.id === idOrAlias || p.aliases.includes(idOrAlias));
    const pick = release ? candidates.find((p) => p.release === release) : candidates.sort((a, b) => compareRelease(b.release, a.release))[0];
    if (!pick) {
      const known = [...new Set(this.packs.map((p) => p.id))].join(', ');
      throw new AmtsklarError('not_found', `Regelwerk „${idOrAlias}“${release ? ` in Release ${release}` : ''} ist nicht installiert (vorhanden: ${known || 'keines'})`, [
        { path: 'pack', message: 'unbekanntes Regelwerk' },
      ]);
    }
    return pick;
  }

  has(idOrAlias: string): boolean {
    return this.packs.some((p) => p.id === idOrAlias || p.aliases.includes(idOrAlias));
  }

  byHash(hash: string): Pack | undefined {
    return this.packs.find((p) => p.hash === hash);
  }

  list(): readonly Pack[] {
    return this.packs;
  }
}

export function compareRelease(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

let installed: PackRegistry | null = null;

/** All packs under packs/ (each folder with a pack.yaml), loaded once per process. */
export function loadInstalledPacks(root = PACKS_ROOT): PackRegistry {
  if (root === PACKS_ROOT && installed) return installed;
  const registry = new PackRegistry();
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort()) {
      const dir = join(root, name);
      if (statSync(dir).isDirectory() && existsSync(join(dir, 'pack.yaml'))) registry.add(loadPackFromDir(dir));
    }
  }
  if (root === PACKS_ROOT) installed = registry;
  return registry;
}

const loadedByDir = new Map<string, Pack>();

/**
 * A pack by id/alias (installed) or by directory path. Loads only that pack's folder, so a
 * command-line call does not compile every installed pack.
 */
export function resolvePack(ref: string): Pack {
  if (installed) return installed.get(ref);
  const dir = packDir(ref);
  let pack = loadedByDir.get(dir);
  if (!pack) {
    pack = loadPackFromDir(dir);
    loadedByDir.set(dir, pack);
  }
  return pack;
}

/** Directory of a pack by id/alias or path, for `check`. */
export function packDir(ref: string, root = PACKS_ROOT): string {
  if (existsSync(ref) && statSync(ref).isDirectory()) return resolve(ref);
  if (existsSync(root)) {
    for (const name of readdirSync(root)) {
      const dir = join(root, name);
      if (!existsSync(join(dir, 'pack.yaml'))) continue;
      const text = readFileSync(join(dir, 'pack.yaml'), 'utf8');
      const id = /^id:\s*(\S+)/m.exec(text)?.[1];
      const aliases = /^aliases:\s*\[([^\]]*)\]/m.exec(text)?.[1]?.split(',').map((s) => s.trim()) ?? [];
      if (name === ref || id === ref || aliases.includes(ref)) return dir;
    }
  }
  throw new AmtsklarError('not_found', `Regelwerk „${ref}“ nicht gefunden (weder installiert noch als Verzeichnis)`, [{ path: 'pack', message: 'unbekanntes Regelwerk' }]);
}
