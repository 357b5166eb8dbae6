import { useEffect, useState } from 'react';
import { api, callAs } from '../shared/api.ts';
import { formatDate } from '../shared/format.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Link } from '../shared/router.tsx';
import type { ParticipationTransparency } from './views.ts';

const m = messages({
  de: {
    title: 'Beteiligung und Rückmeldungen',
    intro: 'Zu jedem veröffentlichten System: die Beteiligungen der Öffentlichkeit mit ihrem Stand und die Zahl der Rückmeldungen seit dem {since}.',
    feedback: 'Rückmeldungen: {n}, durchschnittliche Bewertung {avg} von 5',
    noFeedback: 'Noch keine Rückmeldungen.',
    none: 'Keine Beteiligung.',
    all: 'Alle Beteiligungen',
  },
  en: {
    title: 'Participation and feedback',
    intro: 'For each published system: the public consultations with their status and the number of feedback items since {since}.',
    feedback: 'Feedback: {n}, average rating {avg} of 5',
    noFeedback: 'No feedback yet.',
    none: 'No consultation.',
    all: 'All consultations',
  },
});

/** The transparency page's part on participation: consultation status and feedback counts per system. */
export function ParticipationTransparencySection() {
  const t = useT(m);
  const { lang } = useLang();
  const [v, setV] = useState<ParticipationTransparency | null>(null);
  useEffect(() => {
    callAs<ParticipationTransparency>(api.GET('/api/participation/transparency'))
      .then(setV)
      .catch(() => undefined);
  }, []);
  if (!v) return null;
  return (
    <section aria-labelledby="beteiligung-transparenz-h" data-testid="participation-transparency">
      <h2 id="beteiligung-transparenz-h">{t('title')}</h2>
      <p>{t('intro', { since: formatDate(v.since, lang) })}</p>
      {v.systems.map((s) => (
        <div key={s.entryId} className="card">
          <h3 lang="de">{s.name}</h3>
          {s.consultations.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <ul>
              {s.consultations.map((c) => (
                <li key={c.id} data-testid={`transparency-consultation-${c.id}`}>
                  <Link to={`/beteiligung/${c.id}`} lang="de">
                    {c.title}
                  </Link>
                  : <span lang="de">{c.label}</span> ({formatDate(c.closesOn, lang)})
                </li>
              ))}
            </ul>
          )}
          <p>{s.feedback.total > 0 ? t('feedback', { n: s.feedback.total, avg: s.feedback.averageRating ?? '–' }) : t('noFeedback')}</p>
        </div>
      ))}
      <p>
        <Link to="/beteiligung">{t('all')}</Link>
      </p>
    </section>
  );
}
