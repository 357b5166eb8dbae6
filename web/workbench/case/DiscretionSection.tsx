import { useState, type FormEvent } from 'react';
import type { ReachedDiscretion, StaffCase } from '../../shared/api-views.ts';
import { formatDateTime, parseAmount } from '../../shared/format.ts';
import { RadioGroup, SelectField, TextArea, TextField } from '../../shared/form.tsx';
import { useLang, useT } from '../../shared/i18n.tsx';
import { Alert, Button } from '../../shared/kolibri.tsx';
import { wb } from '../messages.ts';
import { fieldError, type useCaseAction } from './actions.ts';

type Action = ReturnType<typeof useCaseAction>;

/** Each discretion point: why it was reached, the options, and the required written reasons. */
export function DiscretionSection({ c, action }: { c: StaffCase; action: Action }) {
  const t = useT(wb);
  const { lang } = useLang();
  const open = c.decision?.discretion ?? [];
  const decided = Object.entries(c.discretion);
  if (open.length === 0 && decided.length === 0) return <p>{t('discretionNone')}</p>;
  return (
    <>
      <p>{t('discretionIntro')}</p>
      {decided.map(([point, h]) => (
        <p key={point} className="notice" data-testid={`discretion-decided-${point}`}>
          <strong lang="de">{pointLabel(c, point)}</strong>: {t('decided', { by: h.by, at: formatDateTime(h.at ?? '', lang), option: optionLabel(c, point, h.option) })}
          <br />
          {t('reason')}: <span lang="de">{h.reason}</span>
        </p>
      ))}
      {open.map((d) => (
        <DiscretionForm key={d.point} d={d} c={c} action={action} />
      ))}
    </>
  );
}

function DiscretionForm({ d, c, action }: { d: ReachedDiscretion; c: StaffCase; action: Action }) {
  const t = useT(wb);
  const [option, setOption] = useState('');
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const optErr = option ? null : t('optionMissing');
  const reasonErr = reason.trim().length >= 10 ? null : t('reasonShort');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (optErr || reasonErr) return;
    if (await action.run('discretion', { point: d.point, option, reason: reason.trim() })) {
      setShown(false);
      setReason('');
    }
  };
  const id = `ermessen-${d.point}`;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="card" aria-labelledby={`${id}-title`} data-testid={`discretion-${d.point}`}>
      <h3 id={`${id}-title`}>
        <span lang="de">{pointLabel(c, d.point)}</span> <span lang="de">({d.norm})</span>
      </h3>
      <p lang="de">{d.why}</p>
      {d.entity && <p lang="de">{d.entity.item}</p>}
      <RadioGroup
        id={`${id}-option`}
        label={t('option')}
        required
        value={option}
        onChange={setOption}
        options={d.options.map((o) => ({ value: o.id, label: `${o.label}${o.id === d.provisional ? ' (vorläufig angenommen)' : ''}`, lang: 'de' }))}
        error={shown ? (optErr ?? fieldError(action.error, '$.option')) : null}
      />
      <TextArea id={`${id}-reason`} label={t('reason')} hint={t('reasonHint')} required value={reason} onChange={setReason} rows={3} error={shown ? (reasonErr ?? fieldError(action.error, '$.reason')) : null} />
      <Button label={t('decide', { point: pointLabel(c, d.point) })} type="submit" variant="primary" disabled={action.busy || c.state !== 'checked'} data-testid={`discretion-submit-${d.point}`} />
      {c.state !== 'checked' && <p className="muted">{t('onlyChecked')}</p>}
    </form>
  );
}

/** Override a computed value, only with reasons (shown in the decision; four-eyes approval follows). */
export function OverrideSection({ c, action }: { c: StaffCase; action: Action }) {
  const t = useT(wb);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const names = Object.keys(c.decision?.values ?? {});
  const nameErr = name ? null : t('overrideNameMissing');
  const valueErr = value.trim() ? null : t('overrideValueMissing');
  const reasonErr = reason.trim().length >= 10 ? null : t('reasonShort');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (nameErr || valueErr || reasonErr) return;
    if (await action.run('overrides', { name, value: overrideValue(value), reason: reason.trim() })) {
      setShown(false);
      setValue('');
      setReason('');
    }
  };
  const existing = Object.entries(c.overrides);
  return (
    <>
      <p>{t('overrideIntro')}</p>
      {existing.length > 0 && (
        <ul>
          {existing.map(([k, o]) => (
            <li key={k}>
              <span lang="de">{ruleLabel(c, k)}</span> = {String(o.value)} – {o.by}: <span lang="de">{o.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {action.error && action.error.problems.length === 0 && shown && (
        <Alert type="error" title={t('overrideTitle')}>
          {action.error.message}
        </Alert>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <SelectField id="override-name" label={t('overrideName')} required value={name} onChange={setName} placeholder="—" options={names.map((n) => ({ value: n, label: ruleLabel(c, n), lang: 'de' }))} error={shown ? (nameErr ?? fieldError(action.error, '$.name')) : null} errorLang="de" />
        <TextField id="override-value" label={t('overrideValue')} hint={t('overrideValueHint')} required value={value} onChange={setValue} width="short" error={shown ? (valueErr ?? fieldError(action.error, '$.value')) : null} />
        <TextArea id="override-reason" label={t('reason')} hint={t('reasonHint')} required value={reason} onChange={setReason} rows={3} error={shown ? (reasonErr ?? fieldError(action.error, '$.reason')) : null} />
        <Button label={t('overrideSubmit')} type="submit" disabled={action.busy || c.state !== 'checked'} />
        {c.state !== 'checked' && <p className="muted">{t('onlyChecked')}</p>}
      </form>
    </>
  );
}

/** A discretion point by the label of the rule it decides (from the Rechenweg), not its name. */
export function pointLabel(c: StaffCase, point: string): string {
  return c.decision?.trace?.find((s) => s.discretion?.point === point)?.label ?? point;
}

/** A computed value by its rule's label from the Rechenweg, with the technical name for the one who needs it. */
export function ruleLabel(c: StaffCase, rule: string): string {
  const label = c.decision?.trace?.find((s) => s.rule === rule && !s.entity)?.label;
  return label ? `${label} (${rule})` : rule;
}

/** An option by its label where the point is still reached with its options. */
function optionLabel(c: StaffCase, point: string, option: string): string {
  return c.decision?.discretion.find((d) => d.point === point)?.options.find((o) => o.id === option)?.label ?? option;
}

/**
 * What a person types as the new value, as the rules take it: ja/nein (or true/false) a truth
 * value, a whole number a number, an amount with decimal comma (120,50 or 1.234,50) its exact
 * decimal string; anything else as typed (an option such as „anspruch“).
 */
export function overrideValue(v: string): unknown {
  const s = v.trim();
  const lower = s.toLowerCase();
  if (lower === 'ja' || lower === 'true') return true;
  if (lower === 'nein' || lower === 'false') return false;
  if (/^-?\d{1,9}$/.test(s)) return Number(s);
  if (s.includes(',')) {
    const negative = s.startsWith('-');
    const amount = parseAmount(negative ? s.slice(1) : s);
    if (amount !== null) return negative ? `-${amount}` : amount;
  }
  return s;
}
