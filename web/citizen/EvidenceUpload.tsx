import { useLayoutEffect, useState, type FormEvent } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { ApiError, upload } from '../shared/api.ts';
import type { DocumentView } from '../shared/api-views.ts';
import { useFieldIds } from '../shared/form.tsx';
import { messages, useT } from '../shared/i18n.tsx';
import { Button } from '../shared/kolibri.tsx';

const m = messages({
  de: {
    file: 'Datei für:',
    upload: 'Hochladen: {label}',
    noFile: 'Bitte wählen Sie eine Datei aus.',
    tooBig: 'Die Datei ist größer als 10 MB. Bitte verkleinern Sie sie oder laden Sie mehrere Teile hoch.',
    wrongType: 'Erlaubt sind nur PDF, PNG und JPEG.',
    done: '{label}: „{file}“ wurde hochgeladen.',
    none: 'Zurzeit fehlen keine Nachweise.',
    allowed: 'PDF, PNG oder JPEG, höchstens 10 MB.',
  },
  en: {
    file: 'File for:',
    upload: 'Upload: {label}',
    noFile: 'Please choose a file.',
    tooBig: 'The file is larger than 10 MB. Please make it smaller or upload several parts.',
    wrongType: 'Only PDF, PNG and JPEG are allowed.',
    done: '{label}: “{file}” has been uploaded.',
    none: 'No evidence is missing at the moment.',
    allowed: 'PDF, PNG or JPEG, at most 10 MB.',
  },
});

const MAX = 10 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

/** One upload form per missing piece of evidence; errors appear next to the file field. */
export function EvidenceUpload({ caseId, items, onUploaded, staff }: { caseId: string; items: { id: string; label: string; norm: string }[]; onUploaded(d: DocumentView): void; staff?: boolean }) {
  const t = useT(m);
  if (items.length === 0) return <p>{t('none')}</p>;
  return (
    <ul className="cards" data-testid="evidence-list">
      {items.map((i) => (
        <li key={i.id} className="card">
          <UploadOne caseId={caseId} item={i} onUploaded={onUploaded} staff={staff} />
        </li>
      ))}
    </ul>
  );
}

function UploadOne({ caseId, item, onUploaded, staff }: { caseId: string; item: { id: string; label: string; norm: string }; onUploaded(d: DocumentView): void; staff?: boolean }) {
  const t = useT(m);
  const announce = useAnnounce();
  const ids = useFieldIds(`upload-${item.id}`);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorLang, setErrorLang] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  // Each failed attempt (also the same error twice) takes the focus to the file field, whose
  // description then reads the error out; on the button it went unnoticed.
  const [failures, setFailures] = useState(0);
  useLayoutEffect(() => {
    if (failures > 0) document.getElementById(ids.id)?.focus();
  }, [failures, ids.id]);
  const fail = (message: string, lang?: string) => {
    setError(message);
    setErrorLang(lang);
    setFailures((n) => n + 1);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return fail(t('noFile'));
    if (file.size > MAX) return fail(t('tooBig'));
    if (!TYPES.includes(file.type)) return fail(t('wrongType'));
    setError(null);
    setErrorLang(undefined);
    setBusy(true);
    const form = new FormData();
    form.append('checklistId', item.id);
    form.append('datei', file, file.name);
    try {
      const d = await upload<DocumentView>(staff ? `/api/cases/${caseId}/documents` : `/api/my/cases/${caseId}/documents`, form);
      announce(t('done', { label: item.label, file: file.name }));
      onUploaded(d);
    } catch (err) {
      if (err instanceof ApiError) fail(err.message, 'de');
      else fail(String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={ids.id}>
        {t('file')} <span lang="de">{item.label}</span>
      </label>
      <div className="field-hint" id={ids.hint}>
        {t('allowed')} {item.norm && <span lang="de">({item.norm})</span>}
      </div>
      {error && (
        <p className="field-error" id={ids.error} lang={errorLang}>
          <span aria-hidden="true" className="field-error-icon">
            !
          </span>{' '}
          {error}
        </p>
      )}
      <p>
        <input
          id={ids.id}
          type="file"
          accept="application/pdf,image/png,image/jpeg"
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? ids.error : null, ids.hint].filter(Boolean).join(' ')}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setError(null);
          }}
        />
      </p>
      <Button label={t('upload', { label: item.label })} type="submit" disabled={busy} data-testid={`upload-${item.id}`} />
    </form>
  );
}
