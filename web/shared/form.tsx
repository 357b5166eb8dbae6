import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * Form fields in plain HTML with everything WCAG asks of them: a visible label, help text and
 * the error message next to the field, both tied to the input with `aria-describedby`, the
 * error state as `aria-invalid`, and the error shown as text with an icon (not by colour).
 * Forms show errors after a submit, never when a field loses focus: a message appearing on
 * blur pushes the next button away between mousedown and mouseup, and the click is lost.
 */
export interface FieldProps {
  /** Stable id of the control (for error-summary links and tests). */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  norm?: string;
  error?: string | null;
  /** Language of the error text when it differs from the page (server messages are German). */
  errorLang?: string;
  required?: boolean;
  optionalText?: string;
  lang?: string;
}

export function useFieldIds(id?: string) {
  const auto = useId().replace(/:/g, '');
  const base = id ?? `f-${auto}`;
  return { id: base, hint: `${base}-hint`, error: `${base}-error` };
}

function describedBy(ids: ReturnType<typeof useFieldIds>, p: FieldProps): string | undefined {
  const list = [p.error ? ids.error : null, p.hint || p.norm ? ids.hint : null].filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}

function Help({ ids, p }: { ids: ReturnType<typeof useFieldIds>; p: FieldProps }) {
  return (
    <>
      {(p.hint || p.norm) && (
        <div className="field-hint" id={ids.hint}>
          {p.hint}
          {p.norm && <span className="field-norm"> ({p.norm})</span>}
        </div>
      )}
      {p.error && (
        <p className="field-error" id={ids.error} lang={p.errorLang}>
          <span aria-hidden="true" className="field-error-icon">
            !
          </span>{' '}
          {p.error}
        </p>
      )}
    </>
  );
}

function LabelText({ p }: { p: FieldProps }) {
  return (
    <>
      <span lang={p.lang}>{p.label}</span>
      {!p.required && p.optionalText && <span className="field-optional"> ({p.optionalText})</span>}
    </>
  );
}

export function TextField(
  p: FieldProps & {
    value: string;
    onChange(v: string): void;
    type?: 'text' | 'email' | 'tel' | 'date' | 'password' | 'search';
    inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'tel';
    autoComplete?: string;
    width?: 'short' | 'medium' | 'long';
    suffix?: string;
  },
) {
  const ids = useFieldIds(p.id);
  return (
    <div className={`field${p.error ? ' field--error' : ''}`}>
      <label htmlFor={ids.id}>
        <LabelText p={p} />
      </label>
      <Help ids={ids} p={p} />
      <div className="field-control">
        <input
          id={ids.id}
          name={ids.id}
          className={`input input--${p.width ?? 'long'}`}
          type={p.type ?? 'text'}
          inputMode={p.inputMode}
          autoComplete={p.autoComplete ?? 'off'}
          value={p.value}
          required={p.required}
          aria-required={p.required ? true : undefined}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={describedBy(ids, p)}
          onChange={(e) => p.onChange(e.target.value)}
        />
        {p.suffix && (
          <span className="field-suffix" aria-hidden="true">
            {p.suffix}
          </span>
        )}
      </div>
    </div>
  );
}

export function TextArea(p: FieldProps & { value: string; onChange(v: string): void; rows?: number; maxLength?: number }) {
  const ids = useFieldIds(p.id);
  return (
    <div className={`field${p.error ? ' field--error' : ''}`}>
      <label htmlFor={ids.id}>
        <LabelText p={p} />
      </label>
      <Help ids={ids} p={p} />
      <textarea
        id={ids.id}
        name={ids.id}
        className="input input--long"
        rows={p.rows ?? 5}
        maxLength={p.maxLength}
        value={p.value}
        required={p.required}
        aria-required={p.required ? true : undefined}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(ids, p)}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </div>
  );
}

export function SelectField(p: FieldProps & { value: string; onChange(v: string): void; options: { value: string; label: string; lang?: string }[]; placeholder?: string }) {
  const ids = useFieldIds(p.id);
  return (
    <div className={`field${p.error ? ' field--error' : ''}`}>
      <label htmlFor={ids.id}>
        <LabelText p={p} />
      </label>
      <Help ids={ids} p={p} />
      <select
        id={ids.id}
        name={ids.id}
        className="input input--medium"
        value={p.value}
        required={p.required}
        aria-required={p.required ? true : undefined}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(ids, p)}
        onChange={(e) => p.onChange(e.target.value)}
      >
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radio buttons in a fieldset; the legend is the question. */
export function RadioGroup(p: FieldProps & { value: string; onChange(v: string): void; options: { value: string; label: string; lang?: string }[]; inline?: boolean }) {
  const ids = useFieldIds(p.id);
  return (
    <fieldset role="radiogroup" className={`field fieldset-radio${p.error ? ' field--error' : ''}`} id={ids.id} aria-describedby={describedBy(ids, p)} aria-invalid={p.error ? true : undefined}>
      <legend>
        <LabelText p={p} />
      </legend>
      <Help ids={ids} p={p} />
      <div className={p.inline ? 'radios radios--inline' : 'radios'}>
        {p.options.map((o, i) => (
          <div className="radio" key={o.value}>
            <input
              type="radio"
              id={`${ids.id}-${i}`}
              name={ids.id}
              value={o.value}
              checked={p.value === o.value}
              aria-describedby={p.error ? ids.error : undefined}
              onChange={() => p.onChange(o.value)}
            />
            <label htmlFor={`${ids.id}-${i}`} lang={o.lang}>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function CheckboxGroup(p: FieldProps & { values: string[]; onChange(v: string[]): void; options: { value: string; label: string; lang?: string }[] }) {
  const ids = useFieldIds(p.id);
  return (
    <fieldset className={`field fieldset-radio${p.error ? ' field--error' : ''}`} id={ids.id} aria-describedby={describedBy(ids, p)}>
      <legend>
        <LabelText p={p} />
      </legend>
      <Help ids={ids} p={p} />
      <div className="radios">
        {p.options.map((o, i) => (
          <div className="radio" key={o.value}>
            <input
              type="checkbox"
              id={`${ids.id}-${i}`}
              name={ids.id}
              value={o.value}
              checked={p.values.includes(o.value)}
              aria-invalid={p.error ? true : undefined}
              onChange={(e) => p.onChange(e.target.checked ? [...p.values, o.value] : p.values.filter((v) => v !== o.value))}
            />
            <label htmlFor={`${ids.id}-${i}`} lang={o.lang}>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function Checkbox(p: { id?: string; label: ReactNode; checked: boolean; onChange(v: boolean): void; hint?: ReactNode; error?: string | null }) {
  const ids = useFieldIds(p.id);
  return (
    <div className={`field radio${p.error ? ' field--error' : ''}`}>
      <input
        type="checkbox"
        id={ids.id}
        checked={p.checked}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={[p.error ? ids.error : null, p.hint ? ids.hint : null].filter(Boolean).join(' ') || undefined}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <label htmlFor={ids.id}>{p.label}</label>
      <Help ids={ids} p={{ label: '', hint: p.hint, error: p.error ?? null }} />
    </div>
  );
}

/**
 * The list of errors above a form after a failed submit (GOV.UK pattern): focused and
 * announced, every entry a link to its field.
 */
/**
 * The summary takes the focus when a submission fails (GOV.UK Design System), and when errors
 * first appear — not while someone corrects a field: the list shrinking under the typing hand
 * used to pull the focus away after the first character.
 */
export function ErrorSummary({ title, errors }: { title: string; errors: { fieldId: string; message: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const anchor = useRef<HTMLSpanElement>(null);
  const [attempt, setAttempt] = useState(0);
  const seen = useRef({ attempt: 0, shown: false });
  useEffect(() => {
    const form = anchor.current?.closest('form');
    if (!form) return;
    const onSubmit = () => setAttempt((a) => a + 1);
    form.addEventListener('submit', onSubmit, true);
    return () => form.removeEventListener('submit', onSubmit, true);
  }, []);
  const key = errors.map((e) => e.fieldId + e.message).join('|');
  useEffect(() => {
    const submitted = attempt !== seen.current.attempt;
    if (errors.length && (submitted || !seen.current.shown)) ref.current?.focus();
    seen.current = { attempt, shown: errors.length > 0 };
  }, [key, errors.length, attempt]);
  if (!errors.length) return <span ref={anchor} hidden />;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" data-testid="error-summary">
      <span ref={anchor} hidden />
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.fieldId + e.message}>
            <a
              href={`#${e.fieldId}`}
              onClick={(ev) => {
                ev.preventDefault();
                const el = document.getElementById(e.fieldId);
                const target = el?.matches('fieldset') ? el.querySelector<HTMLElement>('input') : el;
                target?.focus();
                el?.scrollIntoView({ block: 'center' });
              }}
            >
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

const IMPLICIT_SUBMIT = new Set(['text', 'email', 'tel', 'password', 'search', 'number', 'date', 'url']);

/**
 * Enter in a text field sends its form, as in any HTML form. Browsers only do this when the
 * form has a native submit button; ours are KoliBri buttons (form-associated custom elements),
 * which the browser does not count, so without this a keyboard user could not sign in with Enter.
 */
export function installImplicitSubmit(doc: Document = document): void {
  doc.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.defaultPrevented || e.isComposing || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
    const el = e.target;
    if (!(el instanceof HTMLInputElement) || !IMPLICIT_SUBMIT.has(el.type) || !el.form) return;
    e.preventDefault();
    el.form.requestSubmit();
  });
}
