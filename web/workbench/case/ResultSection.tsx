import { useMemo, useState } from 'react';
import type { Explanation, StaffCase } from '../../shared/api-views.ts';
import { formatDate, formatDecimal } from '../../shared/format.ts';
import { TextField } from '../../shared/form.tsx';
import { useLang, useT } from '../../shared/i18n.tsx';
import { Alert, Badge } from '../../shared/kolibri.tsx';
import { wb, type WbKey } from '../messages.ts';

export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'boolean') return v ? 'ja' : 'nein';
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return formatDecimal(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The computed result and the Rechenweg: each step with its value next to its legal reference
 * and what it was computed from (inputs, dated parameters with their publication), steps that
 * a person decided or overrode marked in words. A filter narrows the steps (e.g. „§ 12").
 */
export function ResultSection({ c, explanation }: { c: StaffCase; explanation: Explanation | null }) {
  const t = useT(wb);
  const { lang } = useLang();
  const [filter, setFilter] = useState('');
  const d = c.decision;
  const trace = d?.trace ?? [];
  const human = trace.filter((s) => s.discretion?.by || s.override);
  const labels = new Map(trace.filter((s) => s.label && !s.entity).map((s) => [s.rule, s.label]));
  const sections = useMemo(() => {
    if (!explanation) return [];
    const needle = filter.trim().toLowerCase();
    return explanation.sections
      .map((s) => ({ ...s, lines: s.lines.filter((l) => !needle || `${l.label} ${l.norm} ${l.item ?? ''} ${l.details.join(' ')}`.toLowerCase().includes(needle)) }))
      .filter((s) => s.lines.length > 0);
  }, [explanation, filter]);
  if (!d) return <p>–</p>;
  return (
    <>
      <p>
        <Badge label={t(`outcome_${d.outcome}` as WbKey)} tone={d.outcome === 'decided' ? 'success' : 'warning'} />
        {d.outcome === 'needs_human' && <span> {t('provisional')}</span>}
      </p>
      <div className="table-wrap">
        <table data-testid="values">
          <caption>{t('values')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('valueName')}</th>
              <th scope="col" className="num">
                {t('value')}
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(d.values).map(([k, v]) => (
              <tr key={k}>
                {/* the rule's own label from the Rechenweg, its name below it for the pack's authors */}
                <th scope="row" lang="de" className={labels.has(k) ? undefined : 'code'}>
                  {labels.get(k) ?? k}
                  {labels.has(k) && (
                    <>
                      <br />
                      <span className="code muted">{k}</span>
                    </>
                  )}
                </th>
                <td className="num">
                  {showValue(v)}
                  {c.overrides[k] && <strong> ({t('overrides')})</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.reasons.length > 0 && (
        <>
          <h3>{t('reasons')}</h3>
          <ul lang="de">
            {d.reasons.map((r) => (
              <li key={r.norm + r.text}>
                {r.text} ({r.norm})
              </li>
            ))}
          </ul>
        </>
      )}
      {human.length > 0 && (
        <ul data-testid="human-steps">
          {human.map((s, i) => (
            <li key={i}>
              <strong lang="de">{s.label}</strong> ({s.norm}):{' '}
              <span lang="de">
                {s.override
                  ? t('overriddenStep', { by: s.override.by, computed: showValue(s.override.computed), reason: s.override.reason })
                  : t('humanStep', { by: s.discretion!.by ?? '', reason: s.discretion!.reason ?? '' })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3 id="trace-title">{t('traceTitle')}</h3>
      {d.rechenwegProblem && (
        <Alert type="warning" title={t('traceUnavailable')} level={4} data-testid="trace-problem">
          <p lang="de">{d.rechenwegProblem.message}</p>
        </Alert>
      )}
      <TextField id="trace-filter" type="search" label={t('traceFilter')} hint={t('traceFilterHint')} value={filter} onChange={setFilter} width="medium" />
      <div lang="de" data-testid="trace">
        {sections.map((s) => (
          // focusable, so a wide step table can be scrolled with the keyboard too
          <div className="table-wrap" key={s.id} tabIndex={0} role="region" aria-label={s.title}>
            <table>
              <caption>{s.title}</caption>
              <thead>
                <tr>
                  <th scope="col" lang={lang}>
                    {t('traceStep')}
                  </th>
                  <th scope="col" className="num" lang={lang}>
                    {t('traceValue')}
                  </th>
                  <th scope="col" lang={lang}>
                    {t('traceNorm')}
                  </th>
                  <th scope="col" lang={lang}>
                    {t('traceBasis')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.lines.map((l, i) => (
                  <tr key={`${l.rule}-${i}`}>
                    <th scope="row">
                      {l.label}
                      {l.item ? ` (${l.item})` : ''}
                    </th>
                    <td className="num">{l.value}</td>
                    <td>{l.norm}</td>
                    <td>
                      {l.details.length ? (
                        <ul>
                          {l.details.map((x) => (
                            <li key={x}>{x}</li>
                          ))}
                        </ul>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
      <details>
        <summary>{t('receipt')}</summary>
        <dl className="facts code">
          {Object.entries(d.receipt).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{String(v)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
