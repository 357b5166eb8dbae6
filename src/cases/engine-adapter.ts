import { decide, refuseUndeclaredInputs, needsEvidence, requiredEvidence, type Pack } from '../engine/index.ts';
import type { DecisionRecord } from './model.ts';
import type { PackInfo, RuleEngine } from './ports.ts';

/** Where installed packs come from (src/pack-files reads them from disk). */
export interface PackSource {
  get(idOrAlias: string, release?: string): Pack;
  list(): readonly Pack[];
}

/**
 * The workflow's view of the engine. Decisions are stored without the embedded request:
 * the application is personal data and lives apart from the decision record.
 */
export function engineAdapter(source: PackSource): RuleEngine {
  const info = (p: Pack): PackInfo => ({
    id: p.id,
    release: p.release,
    title: p.title,
    hasDiscretionPoints: p.hasDiscretionPoints,
    decisive: [...p.def.decisive],
    inputSchema: p.inputSchema,
    releases: source
      .list()
      .filter((q) => q.id === p.id)
      .map((q) => q.release)
      .sort(),
    ...(p.retention ? { retentionDays: Math.round(p.retention.months * 30.4375) } : {}),
  });
  return {
    pack: (packId, release) => info(source.get(packId, release)),
    packs: () => {
      const ids = [...new Set(source.list().map((p) => p.id))];
      return ids.map((id) => info(source.get(id)));
    },
    decide(packId, release, input, options) {
      const d = decide(source.get(packId, release), input, { ...options, embedRequest: false });
      return d as unknown as DecisionRecord;
    },
    refuseUndeclared(packId, release, input) {
      refuseUndeclaredInputs(source.get(packId, release), input);
    },
    checklist(packId, release, input) {
      return requiredEvidence(source.get(packId, release), input).map((c) => ({ id: c.id, label: c.label, norm: c.norm }));
    },
    needsEvidence(packId, release, input) {
      return needsEvidence(source.get(packId, release), input);
    },
  };
}
