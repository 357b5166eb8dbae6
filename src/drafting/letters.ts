import { AmtsklarError } from '../common/index.ts';
import { rechtsbehelfsbelehrung } from './blocks.ts';
import { addDays, formatDate } from './german/format.ts';
import type { Block, Letter, LetterInput, LetterKind, Section } from './model.ts';
import { profileFor } from './profiles.ts';
import { rechtsbehelfFor, type DraftingSettings } from './settings.ts';
import { displayValue, isMoneyLike, traceRows } from './trace.ts';

/** Placeholders the platform fills in after generation; a model never sees what stands for them. */
export const RECIPIENT_PLACEHOLDERS = ['{{empfaenger.name}}', '{{empfaenger.anschrift}}'];
const UNADDRESSED = 'Sehr geehrte Damen und Herren,';

/**
 * The salutation for a known name. The case holds no gender, and a Bescheid should not guess
 * one: „Guten Tag Vorname Name,“ is the gender-neutral form public administrations use.
 */
export function salutationFor(name: string | null | undefined): string {
  const n = name?.trim();
  return n ? `Guten Tag ${n},` : UNADDRESSED;
}

/** A stored letter addressed to the applicant for the PDF: address block and salutation (none after erasure). */
export function addressedTo(letter: Letter, applicant: { name: string; anschrift?: string | null } | null | undefined): Letter {
  if (!applicant) return { ...letter, recipient: [], salutation: UNADDRESSED };
  return { ...letter, recipient: [applicant.name, ...(applicant.anschrift ?? '').split(/,\s*/).filter((l) => l !== '')], salutation: salutationFor(applicant.name) };
}

function section(id: Section['id'], heading: string | null, binding: boolean, blocks: Block[]): Section {
  return { id, heading, binding, origin: 'template', blocks };
}

function frame(kind: LetterKind, input: LetterInput, settings: DraftingSettings, title: string, subject: string, sections: Section[]): Letter {
  const r = input.recipient;
  return {
    kind,
    pack: input.decision.pack,
    title,
    subject,
    aktenzeichen: input.aktenzeichen,
    date: input.issuedOn,
    letterhead: settings.letterhead,
    recipient: r ? [r.name, ...r.address] : RECIPIENT_PLACEHOLDERS,
    salutation: r ? (r.salutation ?? salutationFor(r.name)) : UNADDRESSED,
    sections,
    closing: ['Mit freundlichen Grüßen', settings.signature.role, settings.signature.name],
    administrativeAct: kind === 'bewilligung' || kind === 'ablehnung' || kind === 'festsetzung',
    nonBindingNotice: null,
  };
}

function berechnung(input: LetterInput, extra: Block[]): Block[] {
  const rows = traceRows(input.decision);
  const blocks: Block[] = [];
  if (input.berechnung) {
    for (const sec of input.berechnung.sections) {
      if (sec.lines.length === 0) continue;
      blocks.push({
        type: 'table',
        caption: sec.title,
        head: [sec.title, 'Wert', 'Rechtsgrundlage'],
        rows: sec.lines.map((l) => [l.item ? `${l.label} (${l.item})` : l.label, l.value, l.norm]),
      });
    }
  } else if (rows.length > 0) {
    blocks.push({
      type: 'table',
      caption: 'Berechnung',
      head: ['Rechenschritt', 'Wert', 'Rechtsgrundlage'],
      rows: rows.map((r) => [`${'  '.repeat(r.depth)}${r.label}`, r.value, r.norm ?? '']),
    });
  }
  return [...blocks, ...extra];
}

/**
 * Each value a person set instead of the computed one, as the letter says it: the step's name,
 * the value written as the decision writes such values (euros, dates), and the reason. It is part
 * of the Begründung (§ 35 Abs. 1 SGB X), not only of the Berechnung.
 */
function overrideSentences(input: LetterInput): string[] {
  const steps = new Map<string, { label?: string; unit?: unknown }>();
  for (const s of input.decision.trace ?? []) {
    const o = s as { rule?: unknown; label?: unknown; unit?: unknown };
    if (typeof o.rule === 'string') steps.set(o.rule, { ...(typeof o.label === 'string' ? { label: o.label } : {}), unit: o.unit });
  }
  return Object.entries(input.overrides ?? {}).map(([name, o]) => {
    const step = steps.get(name);
    const computed = input.decision.values[name];
    const money = typeof step?.unit === 'string' ? isMoneyLike(o.value, step.unit) : isMoneyLike(o.value) || isMoneyLike(computed) || /monat$|betrag/.test(name);
    const value = typeof o.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o.value) ? formatDate(o.value) : displayValue(o.value, money);
    return `Abweichend von der Berechnung wurde „${step?.label ?? name}“ auf ${value} festgesetzt. Grund: ${o.reason.trim()}`;
  });
}

/** A reason's text with its norm, unless the text already names it. */
const withNorm = (r: { text: string; norm: string }) => (r.text.includes(r.norm) ? `${r.text.trim().replace(/[;]$/, '').replace(/([^.])$/, '$1.')}` : `${r.text.trim().replace(/[.;]$/, '')} (${r.norm}).`);

function begruendung(kind: 'bewilligung' | 'ablehnung' | 'festsetzung', input: LetterInput): Block[] {
  const d = input.decision;
  const blocks: Block[] = [];
  const overrides = overrideSentences(input);
  const decided = discretionDecided(input);
  const partly = kind === 'bewilligung' && profileFor(d.pack).partlyRefused(input);
  // „entsprochen“ only where the application is granted as asked and nobody decided anything
  // differently: only then may a Begründung be this short (§ 35 Abs. 2 Nr. 1 SGB X)
  if (kind === 'bewilligung' && d.reasons.length === 0 && overrides.length === 0 && decided.length === 0 && !partly) {
    blocks.push({ type: 'p', text: 'Ihrem Antrag wird entsprochen. Die Höhe ergibt sich aus der oben dargestellten Berechnung.' });
  } else if (d.reasons.length > 0) {
    blocks.push({ type: 'p', text: kind === 'ablehnung' ? 'Ihr Antrag ist aus folgenden Gründen abzulehnen:' : 'Für diese Entscheidung sind folgende Gründe maßgeblich:' });
    blocks.push({ type: 'list', items: d.reasons.map(withNorm) });
  } else if (kind === 'ablehnung' && overrides.length > 0) {
    blocks.push({ type: 'p', text: 'Ihr Antrag ist aus dem folgenden Grund abzulehnen:' });
  } else {
    blocks.push({ type: 'p', text: 'Die Höhe ergibt sich aus der oben dargestellten Berechnung und den folgenden Entscheidungen.' });
  }
  for (const text of overrides) blocks.push({ type: 'p', text });
  for (const h of decided) {
    blocks.push({
      type: 'p',
      // a bound decision on facts a person judged is no Ermessen: named as what it is
      text: `${h.bound ? 'Entscheidung nach Prüfung im Einzelfall' : 'Ermessensentscheidung'} (${h.norm}): ${h.why ? `${h.why.trim().replace(/\.$/, '')}. ` : ''}Entschieden wurde: ${h.option}. ${h.bound ? 'Gründe' : 'Erwägungen'}: ${h.reason.trim()}`,
    });
  }
  return blocks;
}

/**
 * The discretion decisions a Bescheid must give reasons for (§ 35 Abs. 1 S. 3 SGB X): from the
 * engine's trace (a decided point is recorded on its step) and from the workflow's record.
 */
export function discretionDecided(input: LetterInput): { point: string; norm: string; why: string | null; option: string; reason: string; bound?: boolean }[] {
  const out = new Map<string, { point: string; norm: string; why: string | null; option: string; reason: string; bound?: boolean }>();
  const label = (point: string, option: string) =>
    input.discretionOptions?.[point]?.find((o) => o.id === option)?.label ??
    input.decision.discretion.find((p) => p.point === point)?.options?.find((o) => o.id === option)?.label ??
    option;
  for (const s of input.decision.trace) {
    const d = (s as { discretion?: { point: string; norm: string; option: string; provisional?: boolean; reason?: string; why?: string; kind?: string } }).discretion;
    if (d && !d.provisional && d.reason) out.set(d.point, { point: d.point, norm: d.norm, why: typeof d.why === 'string' ? d.why : null, option: label(d.point, d.option), reason: d.reason, bound: d.kind === 'beurteilung' });
  }
  for (const p of input.decision.discretion) {
    const h = input.discretionDecisions?.[p.point];
    if (h) out.set(p.point, { point: p.point, norm: p.norm, why: p.why, option: label(p.point, h.option), reason: h.reason });
  }
  return [...out.values()];
}

function requireDecidedDiscretion(input: LetterInput): void {
  const open = input.decision.discretion.filter((p) => !input.discretionDecisions?.[p.point]);
  if (open.length > 0) {
    throw new AmtsklarError(
      'conflict',
      'Ein Bescheid kann erst entworfen werden, wenn alle Ermessenspunkte von einer Person entschieden sind.',
      open.map((p) => ({ path: `$.discretion.${p.point}`, message: `noch nicht entschieden (${p.norm})` })),
    );
  }
}

/** Bewilligungs-, Ablehnungs- or Festsetzungsbescheid, entirely from data and fixed blocks. */
export function buildBescheid(input: LetterInput, settings: DraftingSettings): Letter {
  if (input.decision.outcome === 'missing_inputs') {
    throw new AmtsklarError('conflict', 'Solange Angaben fehlen, kann kein Bescheid entworfen werden; zuerst ist eine Nachforderung nötig.', [
      { path: '$.outcome', message: 'Angaben fehlen noch' },
    ]);
  }
  requireDecidedDiscretion(input);
  const profile = profileFor(input.decision.pack);
  const kind = profile.bescheidKind(input.decision);
  const sections: Section[] = [
    section('einleitung', null, false, [{ type: 'p', text: `auf Ihren Antrag vom ${formatDate(input.applicationDate ?? input.decision.asOf)} ergeht folgender Bescheid:` }]),
    section('tenor', null, true, profile.tenor(kind, input)),
  ];
  const zahlung = profile.zahlung(kind, input);
  if (zahlung.length > 0) sections.push(section('zahlung', null, true, zahlung));
  const calc = berechnung(input, profile.berechnungPflicht(input));
  if (calc.length > 0) sections.push(section('berechnung', 'Berechnung', true, calc));
  sections.push(section('begruendung', 'Begründung', true, begruendung(kind, input)));
  sections.push(section('hinweise', 'Hinweise', true, profile.hinweise(kind, input)));
  sections.push(section('rechtsbehelfsbelehrung', 'Rechtsbehelfsbelehrung', true, rechtsbehelfsbelehrung(rechtsbehelfFor(settings, input.decision.pack))));
  return frame(kind, input, settings, `${profile.leistung}: Bescheid`, profile.subject(kind, input), sections);
}

/** The shortest deadline a Nachforderung sets: the lower bound of the municipality's setting. */
const MIN_FRIST_DAYS = 7;

export function nachforderungDeadline(input: LetterInput, settings: DraftingSettings): string {
  return input.deadline ?? addDays(input.issuedOn, settings.nachforderungDays);
}

/** What the applicant still has to send: the engine's missing inputs and the open checklist items. */
export function missingItems(input: LetterInput): string[] {
  const items = input.decision.missing.map((m) => (m.norm ? `${m.question.trim()} (${m.norm})` : m.question.trim()));
  for (const c of input.checklist ?? []) items.push(`${c.label.trim()} (${c.norm})`);
  return items;
}

/** Nachforderung (§§ 60, 66 SGB I): list, deadline and the notice of consequences. */
export function buildNachforderung(input: LetterInput, settings: DraftingSettings): Letter {
  const items = missingItems(input);
  if (items.length === 0) {
    throw new AmtsklarError('conflict', 'Es fehlen keine Angaben oder Unterlagen; eine Nachforderung ist nicht nötig.', [{ path: '$.missing', message: 'leer' }]);
  }
  const profile = profileFor(input.decision.pack);
  const deadline = nachforderungDeadline(input, settings);
  // § 66 Abs. 3 SGB I: a refusal for want of cooperation needs an appropriate deadline after the
  // letter; one already past (a draft made after the deadline set) would make it unlawful
  if (deadline < addDays(input.issuedOn, MIN_FRIST_DAYS)) {
    throw new AmtsklarError('conflict', `Die Frist bis ${formatDate(deadline)} lässt ab dem Brief vom ${formatDate(input.issuedOn)} keine angemessene Zeit (mindestens ${MIN_FRIST_DAYS} Tage, § 66 Abs. 3 SGB I); bitte eine neue Frist setzen.`, [
      { path: '$.deadline', message: 'Frist zu kurz oder abgelaufen' },
    ]);
  }
  const antrag = formatDate(input.applicationDate ?? input.decision.asOf);
  const sections: Section[] = [
    section('einleitung', null, false, [
      { type: 'p', text: `wir haben Ihren Antrag vom ${antrag} erhalten. Damit wir über Ihren Antrag entscheiden können, benötigen wir noch die folgenden Angaben und Unterlagen:` },
    ]),
    section('unterlagen', 'Fehlende Angaben und Unterlagen', true, [{ type: 'list', items }]),
    section('frist', 'Frist', true, [
      { type: 'p', text: `Bitte reichen Sie die Angaben und Unterlagen bis zum ${formatDate(deadline)} ein. Geben Sie dabei bitte das Aktenzeichen ${input.aktenzeichen} an.` },
    ]),
    section('folgen', 'Hinweis auf die Folgen fehlender Mitwirkung', true, profile.folgen(deadline)),
  ];
  return frame('nachforderung', input, settings, `${profile.leistung}: Nachforderung`, `Ihr Antrag vom ${antrag} – fehlende Angaben und Unterlagen`, sections);
}

function widerspruchSatz(settings: DraftingSettings, pack: string): string {
  const r = rechtsbehelfFor(settings, pack);
  return r.kind === 'klage'
    ? 'Wenn Sie mit dem Bescheid nicht einverstanden sind, können Sie innerhalb eines Monats Klage beim Verwaltungsgericht erheben. Wie das geht, steht im Bescheid.'
    : 'Wenn Sie mit dem Bescheid nicht einverstanden sind, können Sie innerhalb eines Monats Widerspruch einlegen. Wie das geht, steht im Bescheid.';
}

/** The sentences a plain-language explanation of this case is made of without a model. */
export function plainSentences(input: LetterInput, settings: DraftingSettings): string[] {
  const d = input.decision;
  if (d.outcome === 'missing_inputs') {
    const deadline = nachforderungDeadline(input, settings);
    return [
      'Wir können über Ihren Antrag noch nicht entscheiden.',
      'Es fehlen noch Angaben oder Unterlagen. Welche das sind, steht in unserem Brief.',
      `Bitte schicken Sie uns alles bis zum ${formatDate(deadline)}.`,
      'Wenn die Unterlagen fehlen, können wir Ihren Antrag ablehnen.',
    ];
  }
  const profile = profileFor(d.pack);
  return [...profile.plain(profile.bescheidKind(d), input), widerspruchSatz(settings, d.pack)];
}

/** Einfache Sprache, non-binding, next to the binding letter. */
export function buildErlaeuterung(input: LetterInput, settings: DraftingSettings): Letter {
  const profile = profileFor(input.decision.pack);
  const nachforderung = input.decision.outcome === 'missing_inputs';
  const letter = frame('erlaeuterung', input, settings, `${profile.leistung}: Erklärung in einfacher Sprache`, `Erklärung in einfacher Sprache zu ${nachforderung ? 'unserem Schreiben' : 'unserem Bescheid'} vom ${formatDate(input.issuedOn)}`, [
    section('erlaeuterung', null, false, plainSentences(input, settings).map((text) => ({ type: 'p', text }))),
    section('kontakt', 'Fragen?', false, [contact(settings)]),
  ]);
  letter.nonBindingNotice = `Diese Erklärung ist nicht rechtsverbindlich. Rechtsverbindlich ist allein ${nachforderung ? 'unser Schreiben' : 'der Bescheid'} vom ${formatDate(input.issuedOn)}.`;
  return letter;
}

function contact(settings: DraftingSettings): Block {
  const l = settings.letterhead;
  return { type: 'p', text: `Sie erreichen uns unter ${l.phone} oder ${l.email}. Sprechzeiten: ${l.openingHours}.` };
}

/** A reply to a citizen's enquiry about the state of the case, from data only. */
export function buildAntwort(input: LetterInput, settings: DraftingSettings): Letter {
  const profile = profileFor(input.decision.pack);
  const status =
    input.decision.outcome === 'missing_inputs'
      ? 'Für die Entscheidung fehlen uns noch Angaben oder Unterlagen; wir haben Ihnen dazu geschrieben.'
      : input.decision.outcome === 'needs_human'
        ? 'Ihr Antrag wird gerade von unserer Sachbearbeitung geprüft. Sie erhalten von uns einen schriftlichen Bescheid.'
        : 'Wir haben über Ihren Antrag entschieden. Sie erhalten oder haben von uns einen schriftlichen Bescheid.';
  const letter = frame('antwort', input, settings, `${profile.leistung}: Antwort auf Ihre Anfrage`, `Ihre Anfrage zum Aktenzeichen ${input.aktenzeichen}`, [
    section('antwort', null, false, [
      { type: 'p', text: 'vielen Dank für Ihre Nachricht zu Ihrem Antrag.' },
      { type: 'p', text: status },
    ]),
    section('kontakt', null, false, [contact(settings)]),
  ]);
  letter.nonBindingNotice = 'Diese Antwort ist eine Auskunft und kein Bescheid.';
  return letter;
}

/** The letter a decision calls for: a Nachforderung while inputs are missing, else the Bescheid. */
export function buildPrimaryLetter(input: LetterInput, settings: DraftingSettings): Letter {
  return input.decision.outcome === 'missing_inputs' ? buildNachforderung(input, settings) : buildBescheid(input, settings);
}
