/**
 * The experimentation space (Experimentierraum): a tenant of its own with synthetic data
 * only, no login, reset every day. Nothing typed in may be personal data.
 */

export const SANDBOX_TENANT = 'experimentierraum';
export const SANDBOX_LABEL = 'Übungsumgebung – keine echten Daten';
export const SANDBOX_LABEL_EN = 'Practice environment – no real data';

export type SandboxPackId = 'wohngeld' | 'kita-beitrag';
export const SANDBOX_PACKS: readonly SandboxPackId[] = ['wohngeld', 'kita-beitrag'];

/** What a pool case is there to show. */
export type PoolPurpose = 'decided' | 'discretion' | 'missing';

/** The error planted into a draft so the fact gate can be seen catching it. */
export interface PlantedError {
  kind: 'betrag' | 'datum';
  description: string;
}

export interface PoolCase {
  no: number;
  packId: SandboxPackId;
  label: string;
  purpose: PoolPurpose;
  application: Record<string, unknown>;
  planted: PlantedError;
}

export interface SandboxMeta {
  day: string;
  seed: string;
  resetAt: string;
}

export interface SandboxSession {
  id: string;
  day: string;
  kiosk: boolean;
  createdAt: string;
  lastSeenAt: string;
}

/** What a visitor did with one synthetic case. */
export interface SandboxWork {
  discretion: Record<string, { option: string; reason: string; at: string }>;
}

export type SandboxAudience = 'citizen' | 'caseworker' | 'auditor';
export const AUDIENCES: readonly SandboxAudience[] = ['citizen', 'caseworker', 'auditor'];
