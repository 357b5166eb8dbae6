import type { CaseService, RecalcService } from '../cases/index.ts';
import type { OidcClient } from '../auth/index.ts';
import type { Queue } from '../jobs/index.ts';
import type { CaseKeys, Db, Ledger } from '../store/index.ts';

export interface ServerConfig {
  /** Tenant for requests without a session (citizen portal, login). */
  defaultMunicipality: string;
  /** Largest JSON body, bytes. */
  bodyLimit: number;
  /** Largest uploaded document, bytes. */
  maxDocumentBytes: number;
  /** Requests per minute and client address (sessions count per token). */
  rateLimitPerMinute: number;
  /** Login attempts per minute and client address. */
  loginPerMinute: number;
  /** Secure cookies (behind HTTPS). */
  secureCookies: boolean;
  /** Public base URL, for login links and OIDC redirects. */
  publicUrl: string;
  logLevel: string;
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  defaultMunicipality: 'musterstadt',
  bodyLimit: 1024 * 1024,
  maxDocumentBytes: 10 * 1024 * 1024,
  rateLimitPerMinute: 600,
  loginPerMinute: 10,
  secureCookies: false,
  publicUrl: 'http://localhost:3000',
  logLevel: 'info',
};

export interface ServerContext {
  db: Db;
  /** Per-case data keys: personal data is read and written only through them. */
  keys: CaseKeys;
  /** The tamper-evident log of this database. */
  ledger: Ledger;
  cases: CaseService;
  recalc: RecalcService;
  queue: Queue | null;
  oidc: OidcClient | null;
  config: ServerConfig;
}

export const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid', description: 'ID des Falls' } },
} as const;

export const VERSION = { type: 'integer', minimum: 1, description: 'Version des Falls, die Sie zuletzt gelesen haben (optimistische Sperre).' } as const;
export const REASON = { type: 'string', minLength: 10, maxLength: 5000, description: 'Schriftliche Begründung (mind. 10 Zeichen).' } as const;

export const PAGE_QUERY = {
  page: { type: 'integer', minimum: 1, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
} as const;

export function versionBody(extra: Record<string, object> = {}, required: string[] = []) {
  return { type: 'object', required: ['version', ...required], additionalProperties: false, properties: { version: VERSION, ...extra } } as const;
}
