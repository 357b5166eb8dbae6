import { useEffect, useState, type FormEvent } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { Checkbox, ErrorSummary, RadioGroup, TextField } from '../shared/form.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useLang, useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { Pager } from '../shared/pager.tsx';
import { ad, type AdKey } from './messages.ts';

interface AccessRow {
  id: string;
  aktenzeichen: string | null;
  actor_kind: string;
  actor_name: string | null;
  actor_role: string | null;
  purpose: string;
  what: string;
  at: string;
}

interface ErasureRow {
  caseId: string;
  legalBasis: string;
  mode: 'anonymise' | 'delete';
  ledgerIndex: number;
  erasedAt: string;
}

const PAGE_SIZE = 25;

/**
 * The data-protection officer's desk: who read which personal data and why (the access log,
 * newest first, per case if asked), the erasures done, and an erasure under Art. 17 GDPR.
 */
export function PrivacySection({ canErase }: { canErase: boolean }) {
  const t = useT(ad);
  const { lang } = useLang();
  const announce = useAnnounce();
  const [page, setPage] = useState(1);
  const [log, setLog] = useState<{ items: AccessRow[]; total: number } | null>(null);
  const [erasures, setErasures] = useState<ErasureRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ aktenzeichen: '', mode: 'anonymise', confirmed: false });
  const [shown, setShown] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  const load = async (p: number) => {
    try {
      setLog(await callAs<{ items: AccessRow[]; total: number }>(api.GET('/api/dpo/access-log', { params: { query: { page: p, pageSize: PAGE_SIZE } } })));
      setErasures((await callAs<{ items: ErasureRow[] }>(api.GET('/api/dpo/erasures', { params: { query: { page: 1, pageSize: 50 } } }))).items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load(page);
  }, [page]);

  const errs = {
    aktenzeichen: form.aktenzeichen.trim() ? null : t('erasureAzMissing'),
    confirmed: form.confirmed ? null : t('erasureConfirmMissing'),
  };
  const erase = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setFieldError(null);
    if (errs.aktenzeichen || errs.confirmed) return;
    try {
      const r = await callAs<ErasureRow>(
        api.POST('/api/dpo/erasures', { body: { aktenzeichen: form.aktenzeichen.trim(), legalBasis: 'dsgvo-art17', mode: form.mode as 'anonymise' | 'delete' } }),
      );
      const message = t('erasureDone', { az: form.aktenzeichen.trim(), index: r.ledgerIndex });
      setDone(message);
      announce(message);
      setForm({ aktenzeichen: '', mode: 'anonymise', confirmed: false });
      setShown(false);
      await load(page);
    } catch (err) {
      if (err instanceof ApiError && err.problems.some((p) => p.path === '$.aktenzeichen')) setFieldError(err.message);
      else setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const pages = log ? Math.max(1, Math.ceil(log.total / PAGE_SIZE)) : 1;
  const who = (r: AccessRow) => (r.actor_kind === 'user' ? `${r.actor_name ?? '?'}${r.actor_role ? ` (${t(`role_${r.actor_role}` as AdKey)})` : ''}` : t(`actor_${r.actor_kind === 'citizen' ? 'citizen' : 'system'}`));

  return (
    <>
      <p>{t('privacyIntro')}</p>
      {error && (
        <Alert type="error" title={t('privacy')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      <h2 id="access-log-title">{t('accessLog')}</h2>
      <div className="table-wrap">
        <table data-testid="access-log" aria-labelledby="access-log-title">
          <caption>{t('accessLogCaption', { total: log?.total ?? 0, page, pages })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accessAt')}</th>
              <th scope="col">{t('accessCase')}</th>
              <th scope="col">{t('accessWho')}</th>
              <th scope="col">{t('accessPurpose')}</th>
              <th scope="col">{t('accessWhat')}</th>
            </tr>
          </thead>
          <tbody>
            {(log?.items ?? []).map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(r.at, lang)}</td>
                <td>{r.aktenzeichen ?? '–'}</td>
                <td>{who(r)}</td>
                <td lang="de">{r.purpose}</td>
                <td lang="de">{r.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} label={t('accessPages')} prev={t('previousPage')} next={t('nextPage')} onPage={setPage} />

      <h2 id="erasures-title">{t('erasures')}</h2>
      {erasures.length === 0 ? (
        <p>{t('erasuresNone')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="erasures" aria-labelledby="erasures-title">
            <caption>{t('erasuresCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accessAt')}</th>
                <th scope="col">{t('erasureMode')}</th>
                <th scope="col">{t('erasureBasis')}</th>
                <th scope="col">{t('erasureLedger')}</th>
              </tr>
            </thead>
            <tbody>
              {erasures.map((x) => (
                <tr key={`${x.caseId}-${x.ledgerIndex}`}>
                  <td>{formatDateTime(x.erasedAt, lang)}</td>
                  <td>{t(x.mode === 'delete' ? 'erasureDelete' : 'erasureAnonymise')}</td>
                  <td>{x.legalBasis === 'dsgvo-art17' ? t('basisArt17') : x.legalBasis === 'retention_end' ? t('basisRetention') : x.legalBasis}</td>
                  <td>{x.ledgerIndex}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canErase && (
        <form onSubmit={(e) => void erase(e)} noValidate className="panel" aria-labelledby="erasure-form">
          <h2 id="erasure-form">{t('erasureRequest')}</h2>
          <p>{t('erasureIntro')}</p>
          {done && (
            <Alert type="success" title={t('erasureRequest')} live>
              <span data-testid="erasure-done">{done}</span>
            </Alert>
          )}
          <ErrorSummary
            title={t('erasureRequest')}
            errors={
              shown
                ? [
                    ...(errs.aktenzeichen ? [{ fieldId: 'erasure-az', message: errs.aktenzeichen }] : []),
                    ...(errs.confirmed ? [{ fieldId: 'erasure-confirm', message: errs.confirmed }] : []),
                  ]
                : []
            }
          />
          <TextField id="erasure-az" label={t('erasureAz')} required value={form.aktenzeichen} onChange={(v) => setForm({ ...form, aktenzeichen: v })} error={shown ? (errs.aktenzeichen ?? fieldError) : fieldError} width="medium" />
          <RadioGroup
            id="erasure-mode"
            label={t('erasureMode')}
            value={form.mode}
            onChange={(v) => setForm({ ...form, mode: v })}
            options={[
              { value: 'anonymise', label: t('erasureAnonymise') },
              { value: 'delete', label: t('erasureDelete') },
            ]}
          />
          <Checkbox id="erasure-confirm" label={t('erasureConfirm')} checked={form.confirmed} onChange={(v) => setForm({ ...form, confirmed: v })} error={shown ? errs.confirmed : null} />
          <Button label={t('erasureSubmit')} type="submit" variant="danger" data-testid="erasure-submit" />
        </form>
      )}
    </>
  );
}
