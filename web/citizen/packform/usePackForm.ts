import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, call, problemsUnder } from '../../shared/api.ts';
import type { Calculation, FormInput, PublicPack } from '../../shared/api-views.ts';
import { useT } from '../../shared/i18n.tsx';
import { formMessages } from './messages.ts';
import { belongsTo, convert, EMPTY, fieldId, initialData, parsePath, type FormState } from './model.ts';
import { formatError, type FieldMessage } from './PackFields.tsx';

export interface Step {
  id: string;
  /** Short name for the step list; the pack's wording (German). */
  name: string;
  /** Top-level inputs of the step. */
  inputs: FormInput[];
  /** The pack's question for a group (German), shown under the heading. */
  question?: string;
}

/**
 * Steps from the pack's inputs: first the single answers, then each group (a list such as
 * the household, or a nested block such as the child) on its own page, required groups first.
 */
export function buildSteps(pack: PublicPack, generalName: string): Step[] {
  const inputs = pack.inputs as unknown as FormInput[];
  const isGroup = (i: FormInput) => i.type === 'context' || (i.type === 'list' && !i.items?.enum);
  const general = inputs.filter((i) => !isGroup(i));
  const groups = inputs.filter(isGroup).sort((a, b) => Number(b.required || (b.minItems ?? 0) > 0) - Number(a.required || (a.minItems ?? 0) > 0));
  return [
    ...(general.length ? [{ id: 'allgemein', name: generalName, inputs: general }] : []),
    ...groups.map((g) => ({ id: g.name, name: (g.items?.label ?? g.question).split('{')[0]!.replace(/[?:]$/, '').trim() || g.name, inputs: [g], question: g.question })),
  ];
}

export interface StepCheck {
  ok: boolean;
  calculation: Calculation | null;
  /** Errors on this step: field id and message, for the error summary. */
  errors: { fieldId: string; message: string }[];
}

type Persist = { key: string } | null;

interface Stored {
  state: FormState;
  step: number;
  extra?: Record<string, unknown>;
  savedAt: string;
}

/**
 * State of a generated form: the data, what was typed, the messages next to fields (from the
 * browser's format check and from the server's German errors and missing-input questions),
 * and — for an application — save-and-resume in this browser (localStorage) on every change.
 */
export function usePackForm(packId: string, persist: Persist) {
  const t = useT(formMessages);
  const [pack, setPack] = useState<PublicPack | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [state, setState] = useState<FormState>(EMPTY);
  const [step, setStep] = useState(0);
  const [extra, setExtra] = useState<Record<string, unknown>>({});
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [server, setServer] = useState<Record<string, FieldMessage>>({});
  const [touchedSet, setTouched] = useState<Set<string>>(new Set());
  const ready = useRef(false);
  const skipSave = useRef(false);

  useEffect(() => {
    let live = true;
    call(api.GET('/api/public/packs/{packId}', { params: { path: { packId } } }))
      .then((p) => {
        if (!live) return;
        setPack(p);
        let stored: Stored | null = null;
        if (persist) {
          try {
            stored = JSON.parse(localStorage.getItem(persist.key) ?? 'null') as Stored | null;
          } catch {
            stored = null;
          }
        }
        if (stored?.state) {
          setState(stored.state);
          setStep(stored.step ?? 0);
          setExtra(stored.extra ?? {});
          // Only a draft someone worked on is worth a notice.
          if ((stored.step ?? 0) > 0 || Object.keys(stored.state.raw ?? {}).length > 0 || Object.keys(stored.extra ?? {}).some((k) => k !== 'idempotencyKey')) setRestoredAt(stored.savedAt);
        } else {
          setState({ data: initialData(p.inputs as unknown as FormInput[], (label, n) => (label ? t('person', { n }) : t('itemFallback', { n }))), raw: {} });
        }
        ready.current = true;
      })
      .catch((e: unknown) => live && setLoadError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [packId]);

  // Save-and-resume: every change is written at once, so a reload loses nothing.
  const persistKey = persist?.key ?? null;
  useEffect(() => {
    if (!persistKey || !ready.current) return;
    if (skipSave.current) {
      skipSave.current = false;
      return;
    }
    const at = new Date().toISOString();
    try {
      localStorage.setItem(persistKey, JSON.stringify({ state, step, extra, savedAt: at } satisfies Stored));
      setSavedAt(at);
    } catch {
      setSavedAt(null);
    }
  }, [persistKey, state, step, extra]);

  const update = useCallback((fn: (s: FormState) => FormState) => setState(fn), []);

  const messageFor = useCallback(
    (path: string) => {
      return server[path] ?? null;
    },
    [server],
  );

  const clearDraft = useCallback(() => {
    if (persistKey) localStorage.removeItem(persistKey);
    skipSave.current = true;
    setSavedAt(null);
    if (pack) setState({ data: initialData(pack.inputs as unknown as FormInput[], (label, n) => (label ? t('person', { n }) : t('itemFallback', { n }))), raw: {} });
    setStep(0);
    setExtra({});
    setServer({});
    setRestoredAt(null);
  }, [persistKey, pack, t]);

  /**
   * Checks the given steps' fields: first the format in the browser, then the server
   * (the engine decides without storing anything) for invalid values and missing answers.
   */
  const check = useCallback(
    async (steps: Step[], opts: { requireComplete: boolean }): Promise<StepCheck> => {
      const tops = steps.flatMap((s) => s.inputs.map((i) => i.name));
      const inStep = (p: string) => tops.some((n) => belongsTo(p, n));
      const errors: { fieldId: string; message: string }[] = [];
      const local: Record<string, FieldMessage> = {};
      // 1. what was typed but is no valid number, amount or date
      for (const [path, text] of Object.entries(state.raw)) {
        if (!inStep(path)) continue;
        const def = defAt(pack, path);
        if (!def) continue;
        const c = convert(def, text);
        if (c.error) {
          const msg = formatError(c.error.kind, c.error.bound, t);
          local[path] = { text: msg };
          errors.push({ fieldId: fieldId(path), message: msg });
        }
      }
      setTouched((s) => new Set([...s, ...Object.keys(state.raw).filter(inStep)]));
      if (errors.length) {
        setServer((s) => ({ ...withoutStep(s, inStep), ...local }));
        return { ok: false, calculation: null, errors };
      }
      // 2. the server's check
      try {
        const calc = await call(api.POST('/api/public/packs/{packId}/calculate', { params: { path: { packId } }, body: { antrag: state.data } }));
        const missing = calc.missing.filter((m) => inStep(m.input) || (opts.requireComplete && m.input === '$'));
        const next: Record<string, FieldMessage> = {};
        for (const m of missing) {
          next[m.input] = { text: t('errMissing'), lang: undefined };
          errors.push({ fieldId: fieldId(m.input), message: `${m.question} – ${t('errMissing')}` });
        }
        setServer((s) => ({ ...withoutStep(s, inStep), ...next }));
        return { ok: errors.length === 0, calculation: calc, errors };
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        const problems = problemsUnder(e);
        if (problems.length === 0) throw e;
        const next: Record<string, FieldMessage> = {};
        for (const p of problems) {
          const target = closestField(pack, p.path);
          next[target] = { text: p.message, lang: 'de' };
          errors.push({ fieldId: fieldId(target), message: p.message });
        }
        setServer((s) => ({ ...withoutStep(s, () => true), ...next }));
        return { ok: false, calculation: null, errors };
      }
    },
    [pack, packId, state, t],
  );

  const ctx = useMemo(() => ({ state, update, messageFor, touched: (p: string) => touchedSet.has(p) }), [state, update, messageFor, touchedSet]);

  return { pack, loadError, state, setState, step, setStep, extra, setExtra, ctx, check, restoredAt, savedAt, clearDraft, setServer };
}

function withoutStep(s: Record<string, FieldMessage>, inStep: (p: string) => boolean): Record<string, FieldMessage> {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !inStep(k)));
}

/** The form definition of the field at a path (list indices skipped). */
export function defAt(pack: PublicPack | null, path: string): FormInput | null {
  if (!pack) return null;
  let defs = pack.inputs as unknown as FormInput[];
  let cur: FormInput | null = null;
  for (const seg of parsePath(path)) {
    if (typeof seg === 'number') {
      if (!cur?.items) return null;
      cur = cur.items;
      defs = cur.fields ?? [];
      continue;
    }
    cur = defs.find((d) => d.name === seg) ?? null;
    if (!cur) return null;
    defs = cur.fields ?? [];
  }
  return cur;
}

/** The server may name a path inside a shown field (an entry of a list of choices): use the field that is shown. */
function closestField(pack: PublicPack | null, path: string): string {
  let p = path;
  for (let guard = 0; guard < 20 && p !== '$'; guard++) {
    const m = /^(.*)\[\d+\]$/.exec(p);
    if (m && defAt(pack, m[1]!)?.items?.type !== 'context') {
      p = m[1]!;
      continue;
    }
    if (defAt(pack, p)) return p;
    p = p.replace(/(\.[A-Za-z0-9_]+|\[\d+\])$/, '');
  }
  return p;
}
