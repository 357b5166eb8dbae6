import { useState, type FormEvent } from 'react';
import type { StaffCase } from '../../shared/api-views.ts';
import { formatDateTime } from '../../shared/format.ts';
import { TextArea } from '../../shared/form.tsx';
import { useLang, useT } from '../../shared/i18n.tsx';
import { Button } from '../../shared/kolibri.tsx';
import { wb } from '../messages.ts';
import { fieldError, type useCaseAction } from './actions.ts';
import { ObjectionReason } from './ObjectionReason.tsx';
import { showValue } from './ResultSection.tsx';

type Action = ReturnType<typeof useCaseAction>;

/**
 * An Abhilfe proposed by one person and held back by the four-eyes rule: what would change
 * (the issued decision's values next to the proposed ones, the changed entries with their
 * reasons), approval by a second person, or return with a reason.
 */
export function AbhilfeSection({ c, action }: { c: StaffCase; action: Action }) {
  const t = useT(wb);
  const { lang } = useLang();
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const p = c.abhilfe;
  if (!p) return null;
  const before = c.decision?.values ?? {};
  const differs = (k: string) => JSON.stringify(before[k] ?? null) !== JSON.stringify(p.values[k] ?? null);
  // what changes first, then the rest for comparison
  const all = [...new Set([...Object.keys(p.values), ...Object.keys(before)])];
  const names = [...all.filter(differs), ...all.filter((k) => !differs(k))];
  const changes = [
    ...Object.entries(p.discretion).filter(([k, d]) => c.discretion[k]?.option !== d.option || c.discretion[k]?.reason !== d.reason).map(([k, d]) => ({ name: k, value: d.option, reason: d.reason })),
    ...Object.entries(p.overrides).filter(([k, o]) => c.overrides[k]?.reason !== o.reason || c.overrides[k]?.value !== o.value).map(([k, o]) => ({ name: k, value: showValue(o.value), reason: o.reason })),
  ];
  const reasonErr = reason.trim().length >= 10 ? null : t('reasonShort');
  const giveBack = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (reasonErr) return;
    if (await action.run('return-abhilfe', { reason: reason.trim() }, t('abhilfeReturned'))) setReason('');
  };
  return (
    <>
      <p>{t('abhilfeIntro', { name: p.proposedByName, at: formatDateTime(p.at, lang) })}</p>
      <ObjectionReason caseId={c.id} />
      <div className="table-wrap">
        <table data-testid="abhilfe-values">
          <caption>{t('values')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('abhilfeValue')}</th>
              <th scope="col" className="num">
                {t('abhilfeBefore')}
              </th>
              <th scope="col" className="num">
                {t('abhilfeAfter')}
              </th>
            </tr>
          </thead>
          <tbody>
            {names.map((k) => (
              <tr key={k}>
                <th scope="row" className="code">
                  {k}
                </th>
                <td className="num">{showValue(before[k])}</td>
                <td className="num">
                  {showValue(p.values[k])}
                  {differs(k) && <strong> ({t('abhilfeChanged')})</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {changes.length > 0 && (
        <>
          <h3>{t('abhilfeChanges')}</h3>
          <ul lang="de">
            {changes.map((x) => (
              <li key={x.name}>
                <span className="code">{x.name}</span>: {x.value} – {x.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Button label={t('abhilfeApprove')} variant="primary" onClick={() => void action.run('approve-abhilfe', {}, t('abhilfeApproved'))} disabled={action.busy} data-testid="approve-abhilfe" />
      </p>
      {action.error && !action.error.problems.length && (
        <p className="field-error" lang="de">
          {action.error.message}
        </p>
      )}
      <form onSubmit={(e) => void giveBack(e)} noValidate className="panel" aria-labelledby="abhilfe-return-h">
        <h3 id="abhilfe-return-h">{t('abhilfeReturnTitle')}</h3>
        <TextArea id="abhilfe-return-reason" label={t('reason')} hint={t('returnHint')} required value={reason} onChange={setReason} rows={3} error={shown ? (reasonErr ?? fieldError(action.error, '$.reason')) : null} />
        <Button label={t('abhilfeReturn')} type="submit" disabled={action.busy} />
      </form>
    </>
  );
}
