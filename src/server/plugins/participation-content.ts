import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { CODE_OF_CONDUCT_VERSION, CONDUCT_RULES } from '../../participation/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** content/participation: the code of conduct and the template service agreement (German, for this product). */
export const PARTICIPATION_CONTENT = resolve(here, '..', '..', '..', 'content', 'participation');

export const CONTENT_FILES = {
  codeOfConduct: 'verhaltenskodex.md',
  serviceAgreement: 'dienstvereinbarung-vorlage.md',
} as const;

/** Front matter `key: value` lines between `---` fences, and the text after them. */
export function readContent(file: string): { meta: Record<string, string>; markdown: string } {
  const text = readFileSync(resolve(PARTICIPATION_CONTENT, file), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return { meta: {}, markdown: text };
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split('\n')) {
    const kv = /^([a-zA-Z_]+):\s*(.*)$/.exec(line);
    if (kv) meta[kv[1]!] = kv[2]!.replace(/^"(.*)"$/, '$1');
  }
  return { meta, markdown: text.slice(m[0].length) };
}

/** The texts people read before they take part, served as Markdown with their version. */
export async function participationContentRoutes(app: FastifyInstance): Promise<void> {
  const conduct = readContent(CONTENT_FILES.codeOfConduct);
  const agreement = readContent(CONTENT_FILES.serviceAgreement);
  if (conduct.meta.version !== CODE_OF_CONDUCT_VERSION) {
    throw new Error(`content/participation/${CONTENT_FILES.codeOfConduct}: Version ${conduct.meta.version ?? '—'} passt nicht zu ${CODE_OF_CONDUCT_VERSION} (src/participation/code-of-conduct.ts)`);
  }
  const tags = ['Beteiligung'];

  app.get('/api/participation/code-of-conduct', { config: { access: 'public' }, schema: { tags, summary: 'Verhaltenskodex für Beiträge (Regeln, auf die sich Meldungen und Moderation beziehen)' } }, async () => ({
    version: CODE_OF_CONDUCT_VERSION,
    title: conduct.meta.title ?? 'Verhaltenskodex',
    rules: CONDUCT_RULES,
    markdown: conduct.markdown,
  }));

  app.get('/api/participation/service-agreement-template', { config: { access: 'public' }, schema: { tags: ['Personalvertretung'], summary: 'Vorlage einer Dienstvereinbarung über den Einsatz und die Erprobung von Amtsklar' } }, async () => ({
    id: agreement.meta.id ?? 'dv-amtsklar',
    version: agreement.meta.version ?? null,
    title: agreement.meta.title ?? 'Dienstvereinbarung',
    markdown: agreement.markdown,
  }));
}
