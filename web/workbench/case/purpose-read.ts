import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api.ts';
import { useT } from '../../shared/i18n.tsx';
import { wb } from '../messages.ts';

/**
 * A read of personal data that needs a stated purpose (the server logs who read what and why):
 * the purpose field's state, its check (at least 5 characters, shown after the first attempt),
 * the data once read and the server's error.
 */
export function usePurposeRead<T>(read: (purpose: string) => Promise<T>) {
  const t = useT(wb);
  // never pre-filled: the access log is only worth what the purposes say
  const [purpose, setPurpose] = useState('');
  const [shown, setShown] = useState(false);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const purposeErr = purpose.trim().length >= 5 ? null : t('purposeMissing');
  const load = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (purposeErr) return;
    try {
      setData(await read(purpose.trim()));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return { purpose, setPurpose, shown, purposeErr, data, error, load };
}
