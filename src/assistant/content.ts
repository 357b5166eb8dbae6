import type { HandoverContent, Synonym } from './content-assistant.ts';
import type { Catalog } from './model.ts';

/** Everything the assistant answers from, as the edge loads it from `content/`. */
export interface AssistantContent {
  catalog: Catalog;
  synonyms: Synonym[];
  handover: HandoverContent;
}
