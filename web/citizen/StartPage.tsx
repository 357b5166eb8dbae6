import { lazy, Suspense, useEffect, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { api, call, callAs } from '../shared/api.ts';
import type { PackSummary } from '../shared/api-views.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Link } from '../shared/router.tsx';

const ChatWidget = lazy(() => import('./ChatWidget.tsx'));

const m = messages({
  de: {
    title: 'Bürgerservice online',
    lead: 'Hier stellen Sie Anträge bei der Stadt Musterstadt, rechnen unverbindlich nach und sehen, wie weit Ihr Antrag ist.',
    easy: 'Informationen in Leichter Sprache',
    tasksTitle: 'Was möchten Sie tun?',
    calc: '{title}: unverbindlich berechnen',
    calcText: 'Ohne Anmeldung. Es wird nichts gespeichert.',
    apply: '{title}: Antrag stellen',
    applyText: 'Schritt für Schritt. Ihre Eingaben bleiben auf diesem Gerät, bis Sie absenden.',
    myCase: 'Meinen Antrag ansehen',
    myCaseText: 'Mit Aktenzeichen und Zugangscode: Stand, Fristen, Bescheid und Widerspruch.',
    services: 'Alle Leistungen der Stadt',
    servicesText: 'Was Sie brauchen, was es kostet, wer zuständig ist.',
    howTitle: 'So arbeiten wir',
    how1: 'Ihr Antrag wird nach festen, veröffentlichten Regeln berechnet. Jeder Rechenschritt nennt seine Rechtsgrundlage.',
    how2: 'Wo das Gesetz Spielraum lässt, entscheidet immer ein Mensch – und begründet es.',
    how3: 'Jeden Bescheid prüft und gibt eine Mitarbeiterin oder ein Mitarbeiter frei. Sie erhalten einen Prüfcode, mit dem Sie nachweisen können, dass der Bescheid unverändert ist.',
    howLink: 'Wo die Stadt KI und Algorithmen einsetzt',
    chatTitle: 'Fragen zu Leistungen?',
    chatText: 'Der digitale Assistent beantwortet allgemeine Fragen aus den Leistungsbeschreibungen der Stadt. Er ist ein Computerprogramm (KI) und sieht keine persönlichen Daten.',
    chatOpen: 'Assistenten öffnen',
    loadingPacks: 'Leistungen werden geladen …',
  },
  en: {
    title: 'Online citizen services',
    lead: 'Apply to the City of Musterstadt, calculate without obligation and see how far your application has got.',
    easy: 'Information in Easy German (Leichte Sprache)',
    tasksTitle: 'What would you like to do?',
    calc: '{title}: calculate without obligation',
    calcText: 'No sign-in. Nothing is stored.',
    apply: '{title}: apply',
    applyText: 'Step by step. Your entries stay on this device until you send them.',
    myCase: 'View my application',
    myCaseText: 'With file number and access code: status, deadlines, decision and objection.',
    services: 'All services of the city',
    servicesText: 'What you need, what it costs, who is responsible.',
    howTitle: 'How we work',
    how1: 'Your application is calculated with fixed, published rules. Every step names its legal basis.',
    how2: 'Where the law leaves room for judgement, a person always decides – and gives reasons.',
    how3: 'Every decision is checked and approved by a member of staff. You receive a verification code that proves the decision has not been changed.',
    howLink: 'Where the city uses AI and algorithms',
    chatTitle: 'Questions about services?',
    chatText: 'The digital assistant answers general questions from the city’s service descriptions. It is a computer program (AI) and sees no personal data.',
    chatOpen: 'Open the assistant',
    loadingPacks: 'Loading services …',
  },
});

export function StartPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  const [packs, setPacks] = useState<PackSummary[] | null>(null);
  const { lang } = useLang();
  const [chat, setChat] = useState(false);
  // The assistant is offered only while its AI register entry lets it answer (C11): a button that opens „nicht verfügbar“ promises what is not there.
  const [chatAvailable, setChatAvailable] = useState(false);
  // For the performance test: when the start page's own content is on screen.
  useEffect(() => {
    performance.mark('amtsklar:start-page-rendered');
  }, []);
  useEffect(() => {
    let live = true;
    call(api.GET('/api/assistant/welcome', { params: { query: { lang } } }))
      .then((w) => live && setChatAvailable(w.available))
      .catch(() => live && setChatAvailable(false));
    return () => {
      live = false;
    };
  }, [lang]);
  useEffect(() => {
    void callAs<{ items: PackSummary[] }>(api.GET('/api/packs'))
      .then((r) => setPacks(r.items))
      .catch(() => setPacks([]));
  }, []);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p className="lead">{t('lead')}</p>
      <p>
        <Link to="/leichte-sprache" className="button-link button-link--secondary">
          {t('easy')}
        </Link>
      </p>
      <h2>{t('tasksTitle')}</h2>
      {packs === null ? (
        <p role="status">{t('loadingPacks')}</p>
      ) : (
        <ul className="cards">
          {packs.flatMap((p) => [
            <li className="card" key={`calc-${p.id}`}>
              <h3>
                <Link to={`/rechner/${p.id}`}>{t('calc', { title: p.title })}</Link>
              </h3>
              <p>{t('calcText')}</p>
            </li>,
            <li className="card" key={`apply-${p.id}`}>
              <h3>
                <Link to={`/antrag/${p.id}`}>{t('apply', { title: p.title })}</Link>
              </h3>
              <p>{t('applyText')}</p>
            </li>,
          ])}
          <li className="card">
            <h3>
              <Link to="/mein-antrag">{t('myCase')}</Link>
            </h3>
            <p>{t('myCaseText')}</p>
          </li>
          <li className="card">
            <h3>
              <Link to="/leistungen">{t('services')}</Link>
            </h3>
            <p>{t('servicesText')}</p>
          </li>
        </ul>
      )}
      <h2>{t('howTitle')}</h2>
      <ul>
        <li>{t('how1')}</li>
        <li>{t('how2')}</li>
        <li>{t('how3')}</li>
      </ul>
      <p>
        <Link to="/transparenz">{t('howLink')}</Link>
      </p>
      {chatAvailable && (
        <section aria-labelledby="chat-title" className="panel">
          <h2 id="chat-title">{t('chatTitle')}</h2>
          <p>{t('chatText')}</p>
          {chat ? (
            <Suspense fallback={<p role="status">…</p>}>
              <ChatWidget />
            </Suspense>
          ) : (
            <button type="button" className="btn btn--primary" onClick={() => setChat(true)} data-testid="chat-open">
              {t('chatOpen')}
            </button>
          )}
        </section>
      )}
    </>
  );
}
