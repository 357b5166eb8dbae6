/**
 * Reads the editorial content under `content/` from disk and hands it to the assistant's
 * parsers. The only place that knows where the files are; the assistant itself does no I/O.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildCatalog,
  parseAttackSuite,
  parseHandoverContent,
  parseOffices,
  parseQuestionSet,
  parseServiceDescription,
  parseSynonyms,
  type AssistantContent,
  type Attack,
  type Catalog,
  type LabelledQuestion,
} from '../assistant/index.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONTENT_DIR = join(REPO_ROOT, 'content');

function read(file: string): { text: string; name: string } {
  return { text: readFileSync(file, 'utf8'), name: relative(REPO_ROOT, file) };
}

/** Every `content/services/*.md` with the office list `_stellen.yaml`, checked as a whole. */
export function loadCatalog(dir = join(CONTENT_DIR, 'services')): Catalog {
  const offices = read(join(dir, '_stellen.yaml'));
  const services = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const { text, name } = read(join(dir, f));
      return parseServiceDescription(text, name);
    });
  return buildCatalog(services, parseOffices(offices.text, offices.name));
}

/** The catalog plus synonyms and hand-over contacts: everything the assistant answers from. */
export function loadAssistantContent(root = CONTENT_DIR): AssistantContent {
  const synonyms = read(join(root, 'assistant', 'synonyme.yaml'));
  const handover = read(join(root, 'assistant', 'uebergabe.yaml'));
  return {
    catalog: loadCatalog(join(root, 'services')),
    synonyms: parseSynonyms(synonyms.text, synonyms.name),
    handover: parseHandoverContent(handover.text, handover.name),
  };
}

export function loadQuestionSet(root = CONTENT_DIR): LabelledQuestion[] {
  const f = read(join(root, 'assistant', 'fragen.yaml'));
  return parseQuestionSet(f.text, f.name);
}

export function loadAttackSuite(root = CONTENT_DIR): Attack[] {
  const f = read(join(root, 'assistant', 'angriffe.yaml'));
  return parseAttackSuite(f.text, f.name);
}
