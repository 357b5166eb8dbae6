import { AmtsklarError, contentHash, sha256Hex } from '../common/index.ts';
import { guardOutboundAll, restore, type KnownValue } from '../privacy/index.ts';
import { diffLines, hasChanges } from './diff.ts';
import { checkLetter, type GateResult } from './gate/gate.ts';
import { recordFacts } from './gate/record-facts.ts';
import { letterText } from './gate/sentences.ts';
import { formatDate } from './german/format.ts';
import { buildAntwort, buildErlaeuterung, buildPrimaryLetter } from './letters.ts';
import type { Block, Letter, LetterInput, SectionId } from './model.ts';
import type { DraftingGovernance, DraftingModel, GeneratedStructured, OutboundAuditSink } from './ports.ts';
import { factSlots, fillSlots, outcomeSummary } from './prompts/facts.ts';
import { PROMPT_TEMPLATES, templateRef, type PromptTemplate } from './prompts/templates.ts';
import type { DraftProvenance } from './provenance.ts';
import type { DraftingSettings } from './settings.ts';

export type DraftKind = 'bescheid' | 'nachforderung' | 'erlaeuterung' | 'antwort';

export interface DraftingDeps {
  settings: DraftingSettings;
  /** null: no model configured — every letter is drafted from data and fixed blocks. */
  model: DraftingModel | null;
  /** null: no governance information — treated as closed, the model is not used. */
  governance: DraftingGovernance | null;
  audit?: OutboundAuditSink;
  now?: () => Date;
}

export interface DraftRequest {
  kind: DraftKind;
  input: LetterInput;
  /** Personal data of the case (names, address, IBAN …): the privacy guard matches them in every outbound text. */
  known: readonly KnownValue[];
  signal?: AbortSignal;
}

export type ModelUseReason = 'model_used' | 'not_needed' | 'no_model' | 'governance_closed' | 'data_class_not_allowed' | 'privacy_blocked' | 'model_failed';

export interface PreparedDraft {
  kind: DraftKind;
  letter: Letter;
  /** The same letter from data and fixed blocks only — always available as the standard text. */
  standard: Letter;
  text: string;
  textHash: string;
  gate: GateResult;
  /** Whether a model wrote part of the letter, and if not, why — shown to the caseworker. */
  modelUse: { used: boolean; reason: ModelUseReason; message: string };
  provenance: DraftProvenance;
}

const MODEL_KINDS: readonly DraftKind[] = ['erlaeuterung', 'antwort'];
const SECTION_OF: Record<'erlaeuterung' | 'antwort', SectionId> = { erlaeuterung: 'erlaeuterung', antwort: 'antwort' };

function standardLetter(kind: DraftKind, input: LetterInput, settings: DraftingSettings): Letter {
  if (kind === 'erlaeuterung') return buildErlaeuterung(input, settings);
  if (kind === 'antwort') return buildAntwort(input, settings);
  const letter = buildPrimaryLetter(input, settings);
  if ((kind === 'nachforderung') !== (letter.kind === 'nachforderung')) {
    throw new AmtsklarError('conflict', kind === 'nachforderung' ? 'Es fehlen keine Angaben; eine Nachforderung ist nicht nötig.' : 'Solange Angaben fehlen, kann kein Bescheid entworfen werden.', [{ path: '$.outcome', message: input.decision.outcome === 'missing_inputs' ? 'Angaben fehlen noch' : input.decision.outcome === 'needs_human' ? 'Ermessen noch offen' : 'entschieden' }]);
  }
  return letter;
}

/** The facts the gate checks against: the record plus the platform's own letters for this case. */
export function gateFacts(input: LetterInput, settings: DraftingSettings) {
  const references: Letter[] = [buildErlaeuterung(input, settings)];
  try {
    references.push(buildPrimaryLetter(input, settings));
  } catch {
    // An open discretion point: there is no Bescheid to compare with yet.
  }
  return recordFacts(input, settings, references);
}

function findingsHash(gate: GateResult): string {
  return contentHash(gate.findings.map((f) => ({ s: f.section, n: f.sentenceNo, k: f.kind, f: f.found })));
}

const MESSAGES: Record<ModelUseReason, string> = {
  model_used: 'Ein Sprachmodell hat den erläuternden Text entworfen; Beträge, Daten und Fristen wurden mit der Entscheidung abgeglichen.',
  not_needed: 'Verbindliche Schreiben entstehen ausschließlich aus der Entscheidung und festen Textbausteinen.',
  no_model: 'Kein Sprachmodell eingerichtet: Der Text wurde aus der Entscheidung und festen Textbausteinen erstellt.',
  governance_closed: 'Die KI-Entwurfsfunktion ist im KI-Register nicht freigegeben: Der Text wurde ohne Sprachmodell erstellt.',
  data_class_not_allowed: 'Der Modellserver ist für pseudonymisierte Daten nicht freigegeben: Der Text wurde ohne Sprachmodell erstellt.',
  privacy_blocked: 'Der Datenschutzfilter hat die Anfrage an das Sprachmodell gestoppt (personenbezogene Daten erkannt): Der Text wurde ohne Sprachmodell erstellt.',
  model_failed: 'Das Sprachmodell hat keine verwertbare Antwort geliefert: Der Text wurde ohne Sprachmodell erstellt.',
};

/**
 * Prepares a draft. Binding letters (Bescheid, Nachforderung) come from data and fixed
 * blocks only. For the plain-language explanation and the reply, a model writes the
 * non-binding text when one is configured, governance allows it and the privacy guard lets
 * the request through; otherwise — and on any model failure — the standard text is used.
 * Every draft goes through the fact gate; the caller cannot get one without its result.
 */
export async function prepareDraft(req: DraftRequest, deps: DraftingDeps): Promise<PreparedDraft> {
  const now = (deps.now ?? (() => new Date()))();
  const { input } = req;
  const standard = standardLetter(req.kind, input, deps.settings);
  const facts = gateFacts(input, deps.settings);

  let letter = standard;
  let reason: ModelUseReason = MODEL_KINDS.includes(req.kind) ? 'no_model' : 'not_needed';
  let governance: DraftProvenance['governance'] = { checked: false, allowed: null, entryIds: [], message: '' };
  let privacy: DraftProvenance['privacy'] = { decision: 'not_applicable', placeholders: 0, counts: {} };
  let template: PromptTemplate | null = null;
  let generated: GeneratedStructured | null = null;
  let promptHash: string | null = null;

  if (MODEL_KINDS.includes(req.kind) && deps.model) {
    const g = deps.governance ? await deps.governance.checkDrafting() : { allowed: false, message: 'Keine Angaben aus dem KI-Register.', entryIds: [] };
    governance = { checked: true, allowed: g.allowed, entryIds: g.entryIds, message: g.message };
    if (!g.allowed) reason = 'governance_closed';
    else if (!deps.model.allows('pseudonymisiert')) reason = 'data_class_not_allowed';
    else {
      template = PROMPT_TEMPLATES[req.kind as 'erlaeuterung' | 'antwort'];
      const slots = factSlots(input, deps.settings);
      const user = template.user({ facts: slots, summary: outcomeSummary(input), enquiry: req.kind === 'antwort' ? (input.enquiry ?? '') : undefined });
      const guarded = guardOutboundAll([template.system, user], req.known);
      const audits = guarded.audits as unknown[];
      if (!guarded.allowed) {
        reason = 'privacy_blocked';
        privacy = { decision: 'blocked', placeholders: 0, counts: countKinds(guarded.audits) };
        await deps.audit?.record({ purpose: `${template.id}@${template.version}`, decision: 'blocked', reason: guarded.reason, audits });
      } else {
        privacy = { decision: 'allowed', placeholders: guarded.mapping.entries.length, counts: countKinds(guarded.audits) };
        await deps.audit?.record({ purpose: `${template.id}@${template.version}`, decision: 'allowed', audits });
        promptHash = `sha256:${sha256Hex(`${guarded.texts[0]}\n${guarded.texts[1]}`)}`;
        try {
          generated = await deps.model.generateStructured({
            purpose: `${template.id}@${template.version}`,
            dataClass: 'pseudonymisiert',
            system: guarded.texts[0]!,
            user: guarded.texts[1]!,
            schemaName: template.schemaName,
            schema: template.schema,
            temperature: 0.2,
            signal: req.signal,
          });
          const paragraphs = (generated.value as { absaetze: string[] }).absaetze.map((p) => fillSlots(restore(p, guarded.mapping), slots).trim()).filter((p) => p !== '');
          letter = withModelSection(standard, SECTION_OF[req.kind as 'erlaeuterung' | 'antwort'], paragraphs.map((text): Block => ({ type: 'p', text })));
          reason = 'model_used';
        } catch (e) {
          if (e instanceof AmtsklarError && e.code === 'forbidden') reason = 'data_class_not_allowed';
          else if (req.signal?.aborted) throw e;
          else reason = 'model_failed';
          generated = null;
        }
      }
    }
  }

  const gate = checkLetter(letter, facts);
  const text = letterText(letter);
  const textHash = `sha256:${sha256Hex(text)}`;
  const d = input.decision;
  const provenance: DraftProvenance = {
    schema: 'amtsklar.draft-provenance/1',
    letterKind: letter.kind,
    pack: d.pack,
    packVersion: d.packVersion,
    packHash: d.packHash,
    decision: { inputHash: d.receipt.inputHash, resultHash: d.receipt.resultHash, engineVersion: d.receipt.engineVersion },
    createdAt: now.toISOString(),
    generator: reason === 'model_used' ? 'model' : 'template',
    model:
      reason === 'model_used' && generated && deps.model
        ? { endpointId: deps.model.endpointId, name: deps.model.modelName, reported: generated.model, systemFingerprint: generated.systemFingerprint, usage: generated.usage }
        : null,
    promptTemplate: reason === 'model_used' && template ? templateRef(template) : null,
    hashes: {
      prompt: promptHash,
      enquiry: input.enquiry ? `sha256:${sha256Hex(input.enquiry)}` : null,
      modelOutput: generated ? `sha256:${sha256Hex(generated.raw)}` : null,
      text: textHash,
    },
    privacy,
    governance,
    gate: { passed: gate.passed, findings: gate.findings.length, factsChecked: gate.factsChecked, findingsHash: findingsHash(gate) },
    review: null,
    pdfHash: null,
  };
  return { kind: req.kind, letter, standard, text, textHash, gate, modelUse: { used: reason === 'model_used', reason, message: MESSAGES[reason] }, provenance };
}

function countKinds(audits: readonly { counts: Partial<Record<string, number>> }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of audits) for (const [k, v] of Object.entries(a.counts)) out[k] = (out[k] ?? 0) + (v ?? 0);
  return out;
}

function withModelSection(letter: Letter, id: SectionId, blocks: Block[]): Letter {
  return { ...letter, sections: letter.sections.map((s) => (s.id === id ? { ...s, origin: 'model', blocks } : s)) };
}

/** A caseworker's change to one section of a draft. */
export interface SectionEdit {
  section: SectionId;
  blocks: Block[];
}

export function applyEdits(letter: Letter, edits: readonly SectionEdit[]): Letter {
  for (const e of edits) {
    if (!letter.sections.some((s) => s.id === e.section)) {
      throw new AmtsklarError('invalid_input', `Der Entwurf hat keinen Abschnitt „${e.section}".`, [{ path: `$.edits.${e.section}`, message: 'unbekannter Abschnitt' }]);
    }
  }
  return {
    ...letter,
    sections: letter.sections.map((s) => {
      const e = edits.find((x) => x.section === s.id);
      return e ? { ...s, origin: 'human', blocks: e.blocks } : s;
    }),
  };
}

export interface ApprovedDraft {
  letter: Letter;
  text: string;
  textHash: string;
  gate: GateResult;
  diff: string[];
  /** „Mit KI-Unterstützung erstellt, geprüft und freigegeben von … am …" where a model contributed. */
  aiLabel: string | null;
  provenance: DraftProvenance;
}

/**
 * Approval: the edited (or unchanged) draft is checked again; a failing gate refuses the
 * approval with every finding. The approved letter is signed with the reviewer's name,
 * carries the AI label where a model contributed, and its provenance records reviewer,
 * time and the hash of the diff against the prepared draft.
 */
export function approveDraft(
  draft: PreparedDraft,
  opts: { input: LetterInput; settings: DraftingSettings; reviewer: string; at: Date; edits?: readonly SectionEdit[] },
): ApprovedDraft {
  if (!opts.reviewer.trim()) throw new AmtsklarError('invalid_input', 'Die Freigabe braucht den Namen der prüfenden Person.', [{ path: '$.reviewer', message: 'fehlt' }]);
  const edited = applyEdits(draft.letter, opts.edits ?? []);
  const gate = checkLetter(edited, gateFacts(opts.input, opts.settings));
  if (!gate.passed) {
    throw new AmtsklarError(
      'conflict',
      'Der Entwurf kann nicht freigegeben werden: Die Prüfung gegen die Entscheidung ist fehlgeschlagen.',
      gate.findings.map((f) => ({ path: `$.sections.${f.section}[${f.sentenceNo}]`, message: f.message })),
    );
  }
  const aiAssisted = draft.provenance.generator === 'model';
  const day = formatDate(opts.at.toISOString().slice(0, 10));
  const aiLabel = aiAssisted ? `Mit KI-Unterstützung erstellt, geprüft und freigegeben von ${opts.reviewer.trim()} am ${day}.` : null;
  const letter: Letter = { ...edited, closing: [edited.closing[0] ?? 'Mit freundlichen Grüßen', edited.closing[1] ?? 'Im Auftrag', opts.reviewer.trim()] };
  const text = letterText(letter);
  const diff = diffLines(draft.text, letterText({ ...edited, closing: draft.letter.closing }));
  const editedSections = (opts.edits ?? []).map((e) => e.section);
  return {
    letter,
    text,
    textHash: `sha256:${sha256Hex(text)}`,
    gate,
    diff: hasChanges(diff) ? diff : [],
    aiLabel,
    provenance: {
      ...draft.provenance,
      hashes: { ...draft.provenance.hashes, text: `sha256:${sha256Hex(text)}` },
      gate: { passed: true, findings: 0, factsChecked: gate.factsChecked, findingsHash: findingsHash(gate) },
      review: { reviewer: opts.reviewer.trim(), reviewedAt: opts.at.toISOString(), diffHash: `sha256:${sha256Hex(diff.join('\n'))}`, editedSections, aiLabel },
    },
  };
}
