import type { RuleEngine } from '../cases/index.ts';
import type { PackGovernanceInfo } from '../governance/index.ts';
import { loadInstalledPacks } from '../pack-files/index.ts';

/**
 * Procedural law of the installed packs: Wohngeld is a special part of the SGB (§ 68 Nr. 10
 * SGB I), Kita fees under § 90 SGB VIII likewise, so SGB X applies. A pack not listed here is
 * treated as VwVfG — the strictest choice, since full automation then needs an enabling
 * provision besides § 35a VwVfG.
 */
const PROCEDURE_LAW: Record<string, PackGovernanceInfo['procedureLaw']> = {
  wohngeld: 'sgb-x',
  'kita-beitrag': 'sgb-x',
};

/**
 * What governance needs of each pack the engine serves: its discretion points with their
 * norms, read from the pack's rules when the pack is installed on disk, otherwise from the
 * engine's flag alone (one unnamed point, so a pack with discretion is never automated).
 */
export function packGovernanceInfo(engine: RuleEngine): () => PackGovernanceInfo[] {
  return () =>
    engine.packs().map((p) => {
      let points: PackGovernanceInfo['discretionPoints'] = [];
      try {
        const pack = loadInstalledPacks().get(p.id, p.release);
        points = pack.def.rules.flatMap((r) => {
          const v = r.versions.find((x) => x.discretion !== null);
          return v?.discretion ? [{ id: r.id, norm: v.discretion.norm }] : [];
        });
      } catch {
        // not on disk (a test engine): fall back to the engine's flag below
      }
      if (points.length === 0 && p.hasDiscretionPoints) points = [{ id: 'ermessen', norm: `Ermessenspunkt im Regelwerk ${p.id}` }];
      return { id: p.id, version: p.release, procedureLaw: PROCEDURE_LAW[p.id] ?? 'vwvfg', discretionPoints: points };
    });
}
