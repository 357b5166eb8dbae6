import { useEffect, useState } from 'react';
import { ApiError, api, callAs } from '../shared/api.ts';
import { useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { common, stateKey, type CommonKey } from '../shared/messages.ts';
import { Pager } from '../shared/pager.tsx';
import { ad } from './messages.ts';

const PAGE_SIZE = 25;

/** One row of GET /api/audit/decisions: decision data and hashes, no personal data. */
interface AuditRow {
  id: string;
  aktenzeichen: string;
  pack_id: string;
  pack_release: string;
  state: string;
  outcome: string | null;
  approvals: number;
  receipt: { inputHash?: string; packHash?: string; resultHash?: string } | null;
}

/**
 * The auditor's desk: every decision with its rule pack, legal version, outcome and the hashes
 * its receipt binds, and the receipt itself to check against the log — never personal data.
 */
export function AuditSection() {
  const t = useT(ad);
  const tc = useT(common);
  const [page, setPage] = useState(1);
  const [list, setList] = useState<{ items: AuditRow[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<{ az: string; text: string } | null>(null);
  useEffect(() => {
    void (async () => {
      try {
        setList(await callAs<{ items: AuditRow[]; total: number }>(api.GET('/api/audit/decisions', { params: { query: { page, pageSize: PAGE_SIZE } } })));
        setError(null);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    })();
  }, [page]);
  const showReceipt = async (r: AuditRow) => {
    try {
      const body = await callAs<unknown>(api.GET('/api/cases/{id}/receipt', { params: { path: { id: r.id }, query: { format: 'json' } } }));
      setReceipt({ az: r.aktenzeichen, text: JSON.stringify(body, null, 2) });
      setError(null);
    } catch (e) {
      setReceipt(null);
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const pages = list ? Math.max(1, Math.ceil(list.total / PAGE_SIZE)) : 1;
  const outcome = (o: string | null) => (o ? tc(`outcome_${o}` as CommonKey) : '–');
  return (
    <>
      <p>{t('auditIntro')}</p>
      {error && (
        <Alert type="error" title={t('audit')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {list && list.items.length === 0 && <p>{t('auditNone')}</p>}
      {list && list.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table data-testid="audit-decisions">
              <caption>{t('auditCaption', { total: list.total, page, pages })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('auditAz')}</th>
                  <th scope="col">{t('auditPack')}</th>
                  <th scope="col">{t('auditOutcome')}</th>
                  <th scope="col">{t('auditState')}</th>
                  <th scope="col">{t('auditApprovals')}</th>
                  <th scope="col">{t('auditHashes')}</th>
                  <th scope="col">{t('auditReceiptCol')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.aktenzeichen}</th>
                    <td>
                      {r.pack_id} {r.pack_release}
                    </td>
                    <td>{outcome(r.outcome)}</td>
                    <td>{tc(stateKey(r.state))}</td>
                    <td className="num">{r.approvals}</td>
                    <td>
                      <dl className="hashes">
                        <dt>{t('auditInputHash')}</dt>
                        <dd className="code">{r.receipt?.inputHash ?? '–'}</dd>
                        <dt>{t('auditPackHash')}</dt>
                        <dd className="code">{r.receipt?.packHash ?? '–'}</dd>
                        <dt>{t('auditResultHash')}</dt>
                        <dd className="code">{r.receipt?.resultHash ?? '–'}</dd>
                      </dl>
                    </td>
                    <td>
                      {/* a plain button: KoliBri's loses its contrast on the table's row shading */}
                      <button type="button" className="btn" onClick={() => void showReceipt(r)} data-testid={`receipt-${r.aktenzeichen}`}>
                        {t('auditReceipt', { az: r.aktenzeichen })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={pages} label={t('auditPages')} prev={t('previousPage')} next={t('nextPage')} onPage={setPage} />
        </>
      )}
      {receipt && (
        <section aria-labelledby="audit-receipt-h" data-testid="audit-receipt">
          <h2 id="audit-receipt-h">{t('auditReceiptTitle', { az: receipt.az })}</h2>
          <p>{t('auditReceiptHint')}</p>
          <pre className="letter code" tabIndex={0} role="region" aria-labelledby="audit-receipt-h">
            {receipt.text}
          </pre>
        </section>
      )}
    </>
  );
}
