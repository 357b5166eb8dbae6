import { formatDate, formatEuro } from '../german/format.ts';
import { nachforderungDeadline } from '../letters.ts';
import type { LetterInput } from '../model.ts';
import { profileFor } from '../profiles.ts';
import type { DraftingSettings } from '../settings.ts';

/**
 * The facts a model may use, as placeholders. The model never sees a value — only
 * `{{wohngeld_monat}}` and what it means — and the platform puts the value in after
 * generation. A model that writes a number itself is caught by the gate.
 */
export interface FactSlot {
  placeholder: string;
  meaning: string;
  value: string;
  /** The plain-language explanation must use it. */
  required: boolean;
}

export function factSlots(input: LetterInput, settings: DraftingSettings): FactSlot[] {
  const d = input.decision;
  const slots: FactSlot[] = [];
  if (d.outcome === 'missing_inputs') {
    slots.push({ placeholder: '{{frist}}', meaning: 'Datum, bis zu dem die fehlenden Unterlagen da sein müssen', value: formatDate(nachforderungDeadline(input, settings)), required: true });
    return slots;
  }
  const profile = profileFor(d.pack);
  const kind = profile.bescheidKind(d);
  for (const k of profile.keyFacts(input)) {
    if (kind === 'ablehnung' && k.kind === 'amount' && k.required) continue;
    const v = k.values[0]!;
    slots.push({ placeholder: `{{${k.id}}}`, meaning: k.label, value: k.kind === 'amount' ? formatEuro(v) : formatDate(v), required: k.required });
  }
  slots.push({ placeholder: '{{widerspruchsfrist}}', meaning: 'Frist für den Widerspruch (Dauer, ab Bekanntgabe des Bescheids)', value: 'innerhalb eines Monats', required: true });
  return slots;
}

/** Puts the values in; placeholders the model invented stay and the gate reports them. */
export function fillSlots(text: string, slots: readonly FactSlot[]): string {
  let out = text;
  for (const s of slots) out = out.split(s.placeholder).join(s.value);
  return out;
}

/** What the decision says, in words and placeholders only — no personal data, no numbers. */
export function outcomeSummary(input: LetterInput): string[] {
  const d = input.decision;
  if (d.outcome === 'missing_inputs') {
    return ['Über den Antrag kann noch nicht entschieden werden, weil Angaben oder Unterlagen fehlen.', `Es fehlen ${d.missing.length + (input.checklist?.length ?? 0)} Angaben oder Unterlagen; die Liste steht im Schreiben.`, 'Fehlen die Unterlagen nach Ablauf der Frist, kann die Leistung versagt werden.'];
  }
  const profile = profileFor(d.pack);
  const kind = profile.bescheidKind(d);
  const lines = [
    kind === 'bewilligung' ? `Der Antrag auf ${profile.leistung} wurde bewilligt.` : kind === 'ablehnung' ? `Der Antrag auf ${profile.leistung} wurde abgelehnt.` : `Der ${profile.leistung} wurde festgesetzt.`,
  ];
  for (const r of d.reasons) lines.push(`Grund: ${r.text} (${r.norm})`);
  for (const p of d.discretion) {
    const h = input.discretionDecisions?.[p.point];
    if (h) lines.push(`Ermessensentscheidung (${p.norm}): ${p.options?.find((o) => o.id === h.option)?.label ?? h.option}`);
  }
  return lines;
}
