/** Shapes of the experimentation space's answers (src/participation/sandbox). */
import type { Explanation } from '../shared/api-views.ts';

export type Audience = 'citizen' | 'caseworker' | 'auditor';

export interface SandboxInfo {
  tenant: string;
  label: string;
  labelEn: string;
  day: string;
  resetAt: string;
  nextReset: string;
  packs: string[];
  kiosk: { idleSeconds: number; warningSeconds: number };
  notice: string;
}

export interface SandboxSession {
  sessionId: string;
  day: string;
  kiosk: boolean;
  idleSeconds: number;
  warningSeconds: number;
}

export interface PoolItem {
  no: number;
  label: string;
  packId: string;
  purpose: string;
  outcome: string;
}

export interface DiscretionPoint {
  point: string;
  norm?: string;
  why?: string;
  provisional?: string;
  options: { id: string; label: string }[];
}

export interface SandboxCase {
  no: number;
  label: string;
  packId: string;
  packTitle: string;
  purpose: string;
  application: Record<string, unknown>;
  outcome: string;
  mainOutput: string;
  mainValue: unknown;
  reasons: string[];
  missing: { input: string; question: string; norm?: string }[];
  openDiscretion: DiscretionPoint[];
  decidedDiscretion: { point: string; option: string; reason: string; at: string }[];
  audience: Audience;
  explanation: Pick<Explanation, 'title' | 'summary' | 'sections' | 'notes'>;
}

export interface SandboxCalc {
  outcome: string;
  mainOutput: string;
  /** The result's name in the pack („Monatliches Wohngeld“) and its type (`money`/`euro` are amounts). */
  mainLabel: string;
  mainType: string;
  mainValue: unknown;
  reasons: string[];
  missing: { input: string; question: string }[];
  explanation: Pick<Explanation, 'title' | 'summary' | 'sections' | 'notes'>;
}

export interface SandboxDraft {
  text: string;
  gate: { passed: boolean; factsChecked: number; findings: { section: string; sentence: string; found: string | null; message: string }[] };
  planted: { description: string; section: string; from: string; to: string } | null;
}
