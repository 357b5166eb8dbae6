import { api, callAs } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { TextField } from '../../shared/form.tsx';
import { useLang, useT } from '../../shared/i18n.tsx';
import { Button } from '../../shared/kolibri.tsx';
import { wb } from '../messages.ts';
import { usePurposeRead } from './purpose-read.ts';

interface OpenObjection {
  id: string;
  filedAt: string;
  reason: string;
}

/**
 * What the citizen wrote in the objection, next to the decision on it. It is personal data:
 * read only on request with a stated purpose, and the server logs the read.
 */
export function ObjectionReason({ caseId }: { caseId: string }) {
  const t = useT(wb);
  const { lang } = useLang();
  const { purpose, setPurpose, shown, purposeErr, data, error, load } = usePurposeRead(async (p) => {
    const r = await callAs<{ objection: OpenObjection | null }>(api.GET('/api/cases/{id}/objection/reason', { params: { path: { id: caseId }, query: { purpose: p } } }));
    return r.objection;
  });
  const objection = data;
  return (
    <div className="panel" data-testid="objection-reason">
      <h3>{t('objectionReasonTitle')}</h3>
      {objection === undefined ? (
        <form onSubmit={(e) => void load(e)} noValidate>
          <p>{t('objectionReasonIntro')}</p>
          <TextField id="objection-reason-purpose" label={t('purpose')} hint={t('objectionReasonPurposeHint')} required value={purpose} onChange={setPurpose} error={shown ? (purposeErr ?? error) : null} errorLang={shown && !purposeErr && error ? 'de' : undefined} />
          <Button label={t('objectionReasonShow')} type="submit" data-testid="show-objection-reason" />
        </form>
      ) : objection === null ? (
        <p>{t('objectionReasonNone')}</p>
      ) : (
        <>
          <p>{t('objectionReasonFiled', { at: formatDateTime(objection.filedAt, lang) })}</p>
          <blockquote lang="de" className="letter" data-testid="objection-reason-text">
            {objection.reason}
          </blockquote>
        </>
      )}
    </div>
  );
}
