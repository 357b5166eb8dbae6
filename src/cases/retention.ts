import { DEFAULT_RETENTION, type MunicipalitySettings } from './model.ts';

/**
 * Closed cases whose retention period has run out lose their personal data: deleted
 * entirely, or anonymised (decision record kept for statistics and the ledger).
 * Returns the moment before which a case of the pack must have been closed.
 */
export function retentionCutoff(settings: MunicipalitySettings, packId: string, now: Date, packDays?: number): { cutoff: Date; mode: 'anonymise' | 'delete'; days: number } {
  const r = settings.retention[packId] ?? (packDays ? { days: packDays, mode: 'anonymise' as const } : DEFAULT_RETENTION);
  return { cutoff: new Date(now.getTime() - r.days * 86_400_000), mode: r.mode, days: r.days };
}
