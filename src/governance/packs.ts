/**
 * What governance needs to know about a rule pack to gate its fully automated decisions.
 * The edge fills it from the pack's metadata; governance reads nothing else of a pack.
 */
export interface PackGovernanceInfo {
  id: string;
  version: string;
  /** Which procedural law the pack's decisions are administrative acts under. */
  procedureLaw: 'sgb-x' | 'vwvfg' | 'ao';
  /** Points where the law grants discretion or assessment latitude (outcome `needs_human`). */
  discretionPoints: { id: string; norm: string; why?: string }[];
}

/** The automation basis that matches a pack's procedural law. */
export const AUTOMATION_BASIS_FOR: Record<PackGovernanceInfo['procedureLaw'], string> = {
  'sgb-x': '§ 31a SGB X',
  vwvfg: '§ 35a VwVfG',
  ao: '§ 155 Abs. 4 AO',
};
