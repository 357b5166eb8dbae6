import { berlinDate } from '../common/index.ts';
import { formatDate } from './german/format.ts';
import { letterText } from './gate/sentences.ts';
import { buildBescheid, buildNachforderung } from './letters.ts';
import type { DecisionRecord, HumanDecision, Letter, LetterInput, Override } from './model.ts';
import { draftingSettings, type DraftingSettings } from './settings.ts';

/**
 * The workflow's drafting port (cases: `Drafter.draft(kind, input) → text`), answered with
 * the complete deterministic letters of this capability. Structural types: drafting does
 * not depend on the cases capability; the edge passes this object to the CaseService.
 */
export interface CaseDraftInput {
  case: {
    aktenzeichen: string;
    discretion: Record<string, HumanDecision>;
    overrides: Record<string, Override>;
    createdAt: string;
  };
  decision: DecisionRecord;
  personal: { applicant: { name: string; anschrift?: string }; application?: unknown } | null;
  settings: {
    nachforderungDays: number;
    authority: { name: string; address: string; rechtsbehelfsbelehrung: string };
    drafting?: Partial<DraftingSettings>;
  };
  missing?: { label: string; norm?: string }[];
  deadline?: string;
  objection?: { filedAt: string } | null;
}

export type CaseDraftKind = 'nachforderung' | 'erinnerung' | 'bescheid' | 'abhilfebescheid';

export interface CaseDrafterOptions {
  now?: () => Date;
  /** The engine's caseworker explanation for a decision (complete Berechnung with §§), when the wiring has the pack. */
  berechnung?: (decision: DecisionRecord) => LetterInput['berechnung'] | undefined;
  /** The labels of the pack's discretion options, so the Bescheid names the choice in words. */
  discretionOptions?: (decision: DecisionRecord) => LetterInput['discretionOptions'] | undefined;
}

/** The municipality's drafting settings from the workflow's settings (authority, address, Rechtsbehelfsbelehrung). */
export function settingsFromCase(s: CaseDraftInput['settings']): DraftingSettings {
  const m = /^(.*?),\s*(\d{5})\s+(.+)$/.exec(s.authority.address);
  const base = draftingSettings(s.drafting);
  return draftingSettings({
    ...s.drafting,
    nachforderungDays: s.nachforderungDays,
    letterhead: {
      ...base.letterhead,
      authority: s.authority.name,
      ...(m ? { street: m[1]!, postalCode: m[2]!, city: m[3]! } : {}),
      ...(s.drafting?.letterhead ?? {}),
    },
    rechtsbehelf: {
      ...base.rechtsbehelf,
      default: { ...base.rechtsbehelf.default!, stelle: s.authority.name, anschrift: s.authority.address, text: s.authority.rechtsbehelfsbelehrung },
      ...(s.drafting?.rechtsbehelf ?? {}),
    },
  });
}

export function letterInputFromCase(input: CaseDraftInput, now: Date, options: CaseDrafterOptions = {}): LetterInput {
  const p = input.personal?.applicant;
  const missing = input.missing ?? [];
  const decision: DecisionRecord = missing.length > 0 ? { ...input.decision, missing: [] } : input.decision;
  const berechnung = input.decision.outcome === 'missing_inputs' ? undefined : options.berechnung?.(input.decision);
  const discretionOptions = options.discretionOptions?.(input.decision);
  return {
    decision,
    aktenzeichen: input.case.aktenzeichen,
    issuedOn: berlinDate(now),
    applicationDate: applicationDateOf(input),
    recipient: p ? { name: p.name, address: (p.anschrift ?? '').split(/,\s*/).filter((l) => l !== '') } : null,
    discretionDecisions: input.case.discretion,
    overrides: input.case.overrides,
    checklist: missing.map((m, i) => ({ id: `offen-${i + 1}`, label: m.label, norm: m.norm ?? '§ 60 Abs. 1 SGB I' })),
    ...(input.deadline ? { deadline: input.deadline } : {}),
    ...(berechnung ? { berechnung } : {}),
    ...(discretionOptions ? { discretionOptions } : {}),
  };
}

function caseLetter(kind: CaseDraftKind, input: CaseDraftInput, now: Date, options: CaseDrafterOptions): Letter {
  const settings = settingsFromCase(input.settings);
  const li = letterInputFromCase(input, now, options);
  if (kind === 'nachforderung' || kind === 'erinnerung') {
    const letter = buildNachforderung(li, settings);
    if (kind === 'nachforderung') return letter;
    return {
      ...letter,
      subject: `Erinnerung: ${letter.subject}`,
      sections: letter.sections.map((s) =>
        s.id === 'einleitung'
          ? { ...s, blocks: [{ type: 'p', text: 'wir haben Sie bereits um die folgenden Angaben und Unterlagen gebeten. Bis heute liegen sie uns nicht vollständig vor:' }] }
          : s,
      ),
    };
  }
  const letter = buildBescheid(li, settings);
  if (kind === 'bescheid' || !input.objection) return letter;
  return {
    ...letter,
    subject: `Ihr Widerspruch vom ${formatDate(input.objection.filedAt.slice(0, 10))} – Abhilfebescheid`,
    sections: letter.sections.map((s) =>
      s.id === 'einleitung'
        ? { ...s, blocks: [{ type: 'p', text: `auf Ihren Widerspruch vom ${formatDate(input.objection!.filedAt.slice(0, 10))} wird der Bescheid geändert. Es ergeht folgender Abhilfebescheid:` }] }
        : s,
    ),
  };
}

/** A `Drafter` for the case workflow: complete letters without any model. */
export function caseDrafter(options: CaseDrafterOptions = {}): {
  draft(kind: CaseDraftKind, input: CaseDraftInput): string;
  letter(kind: CaseDraftKind, input: CaseDraftInput): Letter;
} {
  const now = options.now ?? (() => new Date());
  return {
    draft: (kind, input) => letterText(caseLetter(kind, input, now(), options)),
    letter: (kind, input) => caseLetter(kind, input, now(), options),
  };
}

/**
 * The application's date as the decision used it (`antragsdatum`, § 25 Abs. 2 WoGG), else the day
 * it was received: the letter names the same date its Berechnung and Bewilligungszeitraum rest on.
 */
function applicationDateOf(input: CaseDraftInput): string {
  const a = input.personal?.application as { antragsdatum?: unknown } | null | undefined;
  if (a && typeof a.antragsdatum === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(a.antragsdatum)) return a.antragsdatum;
  return berlinDate(new Date(input.case.createdAt));
}
