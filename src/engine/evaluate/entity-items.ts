/**
 * Items of an entity (e.g. household members) are named by their label (`Haushaltsmitglied
 * {id}`) in the Rechenweg, in discretion points and in the human decisions taken for one of
 * them. The contract's schema does not ask for distinct ids, so two items with one label are
 * accepted; the later one is named by its place as well (`Haushaltsmitglied p1 (3. Eintrag)`),
 * so that a decision for one of them cannot apply to the other.
 */
import type { FeelValue } from '../feel/values.ts';
import type { EntityDef } from '../pack/model.ts';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The label of one item, e.g. `Haushaltsmitglied p2`; `?` for a field that is not text. */
export function itemLabel(label: string, item: Map<string, FeelValue>): string {
  const own = DISAMBIGUATED.get(item);
  if (own !== undefined) return own;
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

/** Labels of items that repeat an earlier item's label, by the item's own map (a fresh one per application). */
const DISAMBIGUATED = new WeakMap<Map<string, FeelValue>, string>();

/**
 * Gives every item whose label an earlier item of the same list already has a label of its own;
 * returns how many it renamed.
 */
export function disambiguateItems(entities: readonly EntityDef[], inputs: ReadonlyMap<string, FeelValue>): number {
  let renamed = 0;
  for (const e of entities) {
    const list = inputs.get(e.list);
    if (!Array.isArray(list) || list.length < 2) continue;
    const fields = labelFields(e);
    if (fields.length === 0) continue;
    // the naming fields' values stand for the label: same values, same label
    let seen: Set<string> | null = null;
    for (let i = 0; i < list.length; i++) {
      const raw = (list as readonly FeelValue[])[i];
      if (!(raw instanceof Map)) continue;
      const item = raw as Map<string, FeelValue>;
      let key = '';
      let named = true;
      for (const f of fields) {
        const v = item.get(f);
        // an item whose naming field is missing is reported as missing, not renamed
        if (typeof v !== 'string') named = false;
        else key += `${v}\u0000`;
      }
      if (!named) continue;
      seen ??= new Set();
      if (!seen.has(key)) {
        seen.add(key);
        continue;
      }
      DISAMBIGUATED.set(item, `${itemLabel(e.label, item)} (${i + 1}. Eintrag)`);
      renamed++;
    }
  }
  return renamed;
}
