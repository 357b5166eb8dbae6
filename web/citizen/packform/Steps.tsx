import { useT, messages } from '../../shared/i18n.tsx';

const m = messages({
  de: { progress: 'Fortschritt', stepOf: 'Schritt {n} von {total}', done: '(erledigt)', current: '(aktueller Schritt)' },
  en: { progress: 'Progress', stepOf: 'Step {n} of {total}', done: '(done)', current: '(current step)' },
});

/** The list of steps with the current one marked in text, not only by style. */
export function StepList({ names, current, germanNames }: { names: string[]; current: number; germanNames?: boolean[] }) {
  const t = useT(m);
  return (
    <nav aria-label={t('progress')}>
      <ol className="steps">
        {names.map((n, i) => (
          <li key={`${i}-${n}`} aria-current={i === current ? 'step' : undefined} className={i < current ? 'done' : undefined}>
            <span lang={germanNames?.[i] ? 'de' : undefined}>{n}</span>
            <span className="visually-hidden"> {i < current ? t('done') : i === current ? t('current') : ''}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function StepHeading({ n, total, name, german }: { n: number; total: number; name: string; german?: boolean }) {
  const t = useT(m);
  return (
    <h2 id="step-heading" tabIndex={-1}>
      <span className="muted">{t('stepOf', { n, total })}: </span>
      <span lang={german ? 'de' : undefined}>{name}</span>
    </h2>
  );
}
