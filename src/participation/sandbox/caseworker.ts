import { AmtsklarError } from '../../common/index.ts';
import { Decimal, decide, discretionOptionLabels, explain, type Decision, type Pack } from '../../engine/index.ts';
import {
  applyEdits,
  buildPrimaryLetter,
  checkLetter,
  draftingSettings,
  formatDate,
  formatEuro,
  gateFacts,
  letterText,
  parseGermanAmount,
  type DecisionRecord as LetterDecision,
  type HumanDecision,
  type Letter,
  type LetterInput,
  type SectionId,
} from '../../drafting/index.ts';
import type { PlantedError, PoolCase, SandboxAudience, SandboxWork } from './model.ts';

/** The practice authority: every letter says on its head that it is not real. */
export const SANDBOX_DRAFTING = draftingSettings({
  municipalityId: 'experimentierraum',
  letterhead: {
    authority: 'Experimentierraum (Übungsbehörde)',
    department: 'Übungsumgebung – keine echten Daten',
    street: 'Keine echte Anschrift',
    postalCode: '00000',
    city: 'Übungsstadt',
    phone: 'keine',
    email: 'keine',
    web: 'keine',
    openingHours: 'jederzeit (Übung)',
  },
  rechtsbehelf: {
    default: {
      kind: 'widerspruch',
      stelle: 'Experimentierraum (Übungsbehörde)',
      anschrift: 'Keine echte Anschrift, 00000 Übungsstadt',
      elektronischeForm: '§ 36a Abs. 2 SGB I',
      gericht: { name: 'Übungsgericht', anschrift: 'Keine echte Anschrift, 00000 Übungsstadt' },
    },
  },
  signature: { name: 'Übungsbehörde', role: 'Übung' },
});

export function sandboxAktenzeichen(day: string, no: number): string {
  return `UE-${day.slice(0, 4)}-${String(no).padStart(6, '0')}`;
}

const PRACTICE_PERSON = 'Übungsperson im Experimentierraum';

function humanDecisions(work: SandboxWork | null): Record<string, HumanDecision> {
  return Object.fromEntries(Object.entries(work?.discretion ?? {}).map(([point, d]) => [point, { option: d.option, by: PRACTICE_PERSON, reason: d.reason, at: d.at }]));
}

export function decidePoolCase(pack: Pack, pc: PoolCase, work: SandboxWork | null): Decision {
  return decide(pack, pc.application, { trace: true, discretion: humanDecisions(work) });
}

/** The decision as a caseworker sees it in the sandbox, with the explanation for the chosen audience. */
export function caseView(pack: Pack, pc: PoolCase, work: SandboxWork | null, audience: SandboxAudience) {
  const d = decidePoolCase(pack, pc, work);
  return {
    no: pc.no,
    label: pc.label,
    packId: pc.packId,
    packTitle: pack.title,
    purpose: pc.purpose,
    application: pc.application,
    outcome: d.outcome,
    mainOutput: pack.def.mainOutput,
    mainValue: d.values[pack.def.mainOutput] ?? null,
    values: d.values,
    reasons: d.reasons,
    missing: d.missing.map((m) => ({ input: m.input, question: m.question, ...(m.norm ? { norm: m.norm } : {}) })),
    openDiscretion: d.discretion.map((x) => ({ point: x.point, norm: x.norm, why: x.why, provisional: x.provisional, options: x.options })),
    decidedDiscretion: Object.entries(work?.discretion ?? {}).map(([point, x]) => ({ point, option: x.option, reason: x.reason, at: x.at })),
    audience,
    explanation: explain(pack, d, audience),
    receipt: d.receipt,
  };
}

/** A discretion decision: the point must be open in this case and the option one of its options. */
export function decideDiscretion(pack: Pack, pc: PoolCase, work: SandboxWork | null, input: { point: string; option: string; reason: string }, at: string): SandboxWork {
  const d = decidePoolCase(pack, pc, work);
  const def = pack.def.rules.find((r) => r.id === input.point)?.versions.find((v) => v.discretion)?.discretion;
  // Open now, or decided before in this session (a person may change their mind).
  if (!def || !(d.discretion.some((x) => x.point === input.point) || work?.discretion[input.point])) {
    throw new AmtsklarError('invalid_input', 'Diesen Ermessenspunkt gibt es in diesem Übungsfall nicht (oder er ist nicht offen).', [{ path: '$.point', message: 'unbekannter Ermessenspunkt' }]);
  }
  if (!def.options.some((o) => o.id === input.option)) {
    throw new AmtsklarError('invalid_input', 'Diese Möglichkeit gibt es bei diesem Ermessenspunkt nicht.', [{ path: '$.option', message: `Möglich: ${def.options.map((o) => o.id).join(', ')}` }]);
  }
  if (input.reason.trim().length < 10) throw new AmtsklarError('invalid_input', 'Eine Ermessensentscheidung braucht eine schriftliche Begründung (mindestens 10 Zeichen).', [{ path: '$.reason', message: 'mindestens 10 Zeichen' }]);
  return { discretion: { ...(work?.discretion ?? {}), [input.point]: { option: input.option, reason: input.reason.trim(), at } } };
}

function letterDecision(d: Decision, day: string): LetterDecision {
  return { ...d, asOf: d.asOf ?? day, trace: d.trace ?? [], discretion: d.discretion.map((x) => ({ point: x.point, norm: x.norm, why: x.why, ...(x.options ? { options: x.options } : {}) })) };
}

const AMOUNT = /(\d{1,3}(?:\.\d{3})*|\d+),(\d{2}) €/;
const DATE = /(\d{2})\.(\d{2})\.(\d{4})/g;

function addMonth(day: number, month: number, year: number): string {
  const m = month === 12 ? 1 : month + 1;
  const y = month === 12 ? year + 1 : year;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return formatDate(`${y}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`);
}

/**
 * Plants the case's error into the draft: a wrong amount (+17 €) or a period ending a
 * month late, in the Verfügungssatz (or, in a Nachforderung, the deadline). Returns the
 * letter unchanged when there is nothing to change, which the caller reports.
 */
export function plantError(letter: Letter, planted: PlantedError): { letter: Letter; changed: { section: SectionId; from: string; to: string } | null } {
  const order: SectionId[] = ['tenor', 'frist', 'einleitung'];
  for (const kind of [planted.kind, planted.kind === 'betrag' ? 'datum' : 'betrag'] as const) {
    for (const id of order) {
      const s = letter.sections.find((x) => x.id === id);
      if (!s) continue;
      for (let i = 0; i < s.blocks.length; i++) {
        const b = s.blocks[i]!;
        if (b.type !== 'p') continue;
        let from: string | null = null;
        let to: string | null = null;
        if (kind === 'betrag') {
          const m = AMOUNT.exec(b.text);
          const v = m ? parseGermanAmount(m[0].replace(' €', '')) : null;
          if (m && v) {
            from = m[0];
            to = formatEuro(new Decimal(v).plus(17));
          }
        } else {
          const all = [...b.text.matchAll(DATE)];
          const m = all.at(-1);
          if (m) {
            from = m[0];
            to = addMonth(Number(m[1]), Number(m[2]), Number(m[3]));
          }
        }
        if (from && to) {
          const text = b.text.replace(from, to);
          const blocks = s.blocks.map((x, j) => (j === i ? { type: 'p' as const, text } : x));
          return { letter: { ...letter, sections: letter.sections.map((x) => (x.id === id ? { ...x, origin: 'model' as const, blocks } : x)) }, changed: { section: id, from, to } };
        }
      }
    }
  }
  return { letter, changed: null };
}

/**
 * The draft a caseworker would review: the platform's deterministic letter, optionally
 * with the planted error or the visitor's own edits, and the fact gate's verdict on it.
 */
export function draftPoolCase(pack: Pack, pc: PoolCase, work: SandboxWork | null, day: string, opts: { planted: boolean; edits: { section: SectionId; text: string }[] }) {
  const d = decidePoolCase(pack, pc, work);
  if (d.outcome === 'needs_human') {
    throw new AmtsklarError('conflict', 'Zuerst über den offenen Ermessenspunkt entscheiden: Einen Bescheid gibt es erst danach.', [{ path: '$.discretion', message: d.discretion.map((x) => x.point).join(', ') }]);
  }
  const input: LetterInput = {
    decision: letterDecision(d, day),
    aktenzeichen: sandboxAktenzeichen(day, pc.no),
    issuedOn: day,
    recipient: { name: `Übungsfall ${pc.no}`, address: ['Keine echte Anschrift', '00000 Übungsstadt'], salutation: 'Sehr geehrte Damen und Herren,' },
    discretionDecisions: humanDecisions(work),
    discretionOptions: discretionOptionLabels(pack),
    ...(d.outcome === 'decided' ? { berechnung: explain(pack, d, 'caseworker') } : {}),
  };
  let letter = buildPrimaryLetter(input, SANDBOX_DRAFTING);
  let planted: { description: string; section: SectionId; from: string; to: string } | null = null;
  if (opts.planted) {
    const p = plantError(letter, pc.planted);
    letter = p.letter;
    if (p.changed) planted = { description: pc.planted.description, ...p.changed };
  }
  if (opts.edits.length > 0) letter = applyEdits(letter, opts.edits.map((e) => ({ section: e.section, blocks: [{ type: 'p', text: e.text }] })));
  const gate = checkLetter(letter, gateFacts(input, SANDBOX_DRAFTING));
  return { letter, text: letterText(letter), gate, planted, sections: letter.sections.map((s) => ({ id: s.id, heading: s.heading, binding: s.binding, origin: s.origin })) };
}
