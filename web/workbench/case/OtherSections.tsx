import { useState, type FormEvent } from 'react';
import type { HistoryEvent, Proposal, StaffCase } from '../../shared/api-views.ts';
import { formatDateTime } from '../../shared/format.ts';
import { RadioGroup, SelectField, TextArea } from '../../shared/form.tsx';
import { useLang, useT } from '../../shared/i18n.tsx';
import { Button } from '../../shared/kolibri.tsx';
import { common, stateKey } from '../../shared/messages.ts';
import { Link } from '../../shared/router.tsx';
import { eventKey, wb } from '../messages.ts';
import { fieldError, type useCaseAction } from './actions.ts';
import { pointLabel } from './DiscretionSection.tsx';
import { ObjectionReason } from './ObjectionReason.tsx';

type Action = ReturnType<typeof useCaseAction>;

/** Every step of the case: who, when, from which state to which, and why. */
export function HistorySection({ events }: { events: HistoryEvent[] }) {
  const t = useT(wb);
  const tc = useT(common);
  const { lang } = useLang();
  return (
    <div className="table-wrap">
      <table data-testid="history">
        <caption className="visually-hidden">{t('historyTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('event')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('who')}</th>
            <th scope="col">{t('why')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at, lang)}</td>
              <td data-event={e.type}>{eventKey(e.type) ? t(eventKey(e.type)!) : <span className="code">{e.type}</span>}</td>
              <td>
                {e.from ? `${tc(stateKey(e.from))} → ` : ''}
                {tc(stateKey(e.to))}
              </td>
              <td>{e.actor.name}</td>
              <td lang="de">{e.reason ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Decide an objection: reject it, or change the decision (new discretion decisions with reasons). */
export function ObjectionSection({ c, action }: { c: StaffCase; action: Action }) {
  const t = useT(wb);
  const [result, setResult] = useState('');
  const [reason, setReason] = useState('');
  const [changes, setChanges] = useState<Record<string, string>>({});
  const [shown, setShown] = useState(false);
  const points = Object.keys(c.discretion);
  const resultErr = result ? null : t('optionMissing');
  const reasonErr = reason.trim().length >= 10 ? null : t('reasonShort');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (resultErr || reasonErr) return;
    const discretion = Object.fromEntries(Object.entries(changes).filter(([, o]) => o).map(([p, option]) => [p, { option, reason: reason.trim() }]));
    await action.run('reassess', { result: result as 'upheld' | 'changed', reason: reason.trim(), ...(result === 'changed' && Object.keys(discretion).length ? { discretion } : {}) });
  };
  return (
    <>
      <ObjectionReason caseId={c.id} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('objectionIntro')}</p>
        <RadioGroup
          id="reassess-result"
          label={t('reassessResult')}
          required
          value={result}
          onChange={setResult}
          options={[
            { value: 'upheld', label: t('upheld') },
            { value: 'changed', label: t('changed') },
          ]}
          error={shown ? (resultErr ?? fieldError(action.error, '$.result')) : null}
        />
        {result === 'changed' &&
          points.map((p) => {
            const reached = c.decision?.discretion.find((d) => d.point === p);
            const options = reached?.options ?? [];
            return (
              <SelectField
                key={p}
                id={`reassess-${p}`}
                label={t('changeDiscretion', { point: pointLabel(c, p) })}
                value={changes[p] ?? ''}
                onChange={(v) => setChanges((x) => ({ ...x, [p]: v }))}
                placeholder="—"
                options={options.length ? options.map((o) => ({ value: o.id, label: o.label, lang: 'de' })) : [{ value: c.discretion[p]!.option, label: c.discretion[p]!.option }]}
              />
            );
          })}
        <TextArea id="reassess-reason" label={t('reason')} hint={t('reasonHint')} required value={reason} onChange={setReason} rows={3} error={shown ? (reasonErr ?? fieldError(action.error, '$.reason')) : null} />
        <Button label={t('reassess')} type="submit" variant="primary" disabled={action.busy} />
        {action.error && !action.error.problems.length && (
          <p className="field-error" lang="de">
            {action.error.message}
          </p>
        )}
      </form>
    </>
  );
}

export function ProposalsSection({ proposals }: { proposals: Proposal[] }) {
  const t = useT(wb);
  if (proposals.length === 0) return <p>{t('proposalsNone')}</p>;
  return (
    <ul>
      {proposals.map((p) => (
        <li key={p.id}>
          <Link to={`/arbeitsplatz/vorschlaege/${p.id}`}>{t('openProposal', { from: p.fromRelease, to: p.toRelease, status: p.status })}</Link>
        </li>
      ))}
    </ul>
  );
}
