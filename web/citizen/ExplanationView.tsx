import type { Explanation } from '../shared/api-views.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';

const m = messages({
  de: { step: 'Schritt', value: 'Wert', norm: 'Rechtsgrundlage' },
  en: { step: 'Step', value: 'Value', norm: 'Legal basis' },
});

/**
 * An explanation from the engine (always German): the summary, then each section as a table
 * — what was determined, the value, the legal reference — with the plain sentences below.
 */
export function ExplanationView({ explanation, headingLevel = 2, compact = false }: { explanation: Pick<Explanation, 'title' | 'summary' | 'sections' | 'notes'>; headingLevel?: 2 | 3 | 4; compact?: boolean }) {
  const t = useT(m);
  const { lang } = useLang();
  const H = `h${headingLevel}` as 'h2';
  const Sub = `h${Math.min(headingLevel + 1, 6)}` as 'h3';
  return (
    <div lang="de" className="explanation" data-testid="explanation">
      <H>{explanation.title}</H>
      <ul>
        {explanation.summary.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      {explanation.sections.map((sec) => (
        <section key={sec.id} aria-label={sec.title}>
          <Sub>{sec.title}</Sub>
          {compact ? (
            <ul>
              {sec.lines.map((l, i) => (
                <li key={`${l.rule}-${i}`}>{l.details.length ? l.details.join(' ') : `${l.label}: ${l.value}`}</li>
              ))}
            </ul>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{sec.title}</caption>
                <thead>
                  <tr>
                    <th scope="col" lang={lang}>
                      {t('step')}
                    </th>
                    <th scope="col" className="num" lang={lang}>
                      {t('value')}
                    </th>
                    <th scope="col" lang={lang}>
                      {t('norm')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sec.lines.map((l, i) => (
                    <tr key={`${l.rule}-${i}`}>
                      <td>
                        {l.label}
                        {l.item ? ` (${l.item})` : ''}
                        {l.details.length > 0 && (
                          <ul className="muted">
                            {l.details.map((d) => (
                              <li key={d}>{d}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td className="num">{l.value}</td>
                      <td>{l.norm}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      {explanation.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
    </div>
  );
}
