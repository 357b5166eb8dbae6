/**
 * Items of an entity (e.g. household members) are named by their label (`Haushaltsmitglied
 * {id}`) in the Rechenweg, in discretion points and in the human decisions taken for one of
 * them. Two items with one label could not be told apart there — a discretion decision for
 * „Haushaltsmitglied p1“ would apply to either — so such an application is refused.
 */
import type { FeelValue } from '../feel/values.ts';
import type { EntityDef } from '../pack/model.ts';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The label of one item, e.g. `Haushaltsmitglied p2`; `?` for a field that is not text. */
export function itemLabel(label: string, item: Map<string, FeelValue>): string {
  return label.replace(PLACEHOLDER, (_, f: string) => {
    const v = item.get(f);
    return typeof v === 'string' ? v : '?';
  });
}

/** The fields a label names, once per entity (this check runs for every decision). */
const FIELDS = new WeakMap<EntityDef, readonly string[]>();

function labelFields(e: EntityDef): readonly string[] {
  let f = FIELDS.get(e);
  if (!f) FIELDS.set(e, (f = [...e.label.matchAll(PLACEHOLDER)].map((m) => m[1]!)));
  return f;
}

/** Problems for every item whose label an earlier item of the same list already has. */
export function duplicateItems(entities: readonly EntityDef[], inputs: ReadonlyMap<string, FeelValue>): { path: string; message: string }[] {
  let problems: { path: string; message: string }[] | null = null;
  for (const e of entities) {
    const list = inputs.get(e.list);
    if (!Array.isArray(list) || list.length < 2) continue;
    const fields = labelFields(e);
    if (fields.length === 0) continue;
    // the naming fields' values stand for the label: same values, same label
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const raw = (list as readonly FeelValue[])[i];
      if (!(raw instanceof Map)) continue;
      const item = raw as Map<string, FeelValue>;
      let key = '';
      let named = true;
      for (const f of fields) {
        const v = item.get(f);
        // an item whose naming field is missing is reported as missing, not as a duplicate
        if (typeof v !== 'string') named = false;
        else key += `${v}\u0000`;
      }
      if (!named) continue;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        continue;
      }
      const shown = fields.map((f) => `„${item.get(f) as string}“`).join(', ');
      (problems ??= []).push({
        path: `$.${e.list}[${i}].${fields[0]}`,
        // no JSON path in the text: the server puts the application under `$.antrag`
        message: `${shown} hat schon der ${first + 1}. Eintrag der Liste – jeder Eintrag braucht eine eigene Kennung, damit Rechenweg und Entscheidungen ihn eindeutig benennen`,
      });
    }
  }
  return problems ?? NONE;
}

const NONE: { path: string; message: string }[] = [];
