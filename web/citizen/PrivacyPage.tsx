import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { messages, useT } from '../shared/i18n.tsx';

const m = messages({
  de: {
    title: 'Datenschutz im Bürgerportal',
    who: 'Verantwortlich ist die Stadt Musterstadt, Rathausplatz 1, 12345 Musterstadt. Die oder der Datenschutzbeauftragte ist unter datenschutz@musterstadt.example erreichbar.',
    whatTitle: 'Was wir speichern',
    calc: 'Rechner: Ihre Angaben werden nur für die Berechnung übertragen und nicht gespeichert.',
    draft: 'Antrag: Bis Sie absenden, bleiben Ihre Eingaben nur in Ihrem Browser (lokaler Speicher dieses Geräts). Mit „Entwurf löschen“ entfernen Sie sie.',
    application: 'Nach dem Absenden speichern wir Ihren Antrag und Ihre Unterlagen, um über ihn zu entscheiden (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit dem jeweiligen Fachgesetz, z. B. dem Wohngeldgesetz). Personenbezogene Daten werden getrennt von den Entscheidungsdaten gespeichert. Jeder Zugriff von Beschäftigten wird mit Zweck protokolliert.',
    retention: 'Nach Abschluss des Verfahrens und Ablauf der Aufbewahrungsfrist werden Ihre personenbezogenen Daten gelöscht oder anonymisiert.',
    chat: 'Digitaler Assistent: Gespräche werden nicht gespeichert. Nur wenn Sie ausdrücklich zustimmen, speichern wir eine Rückmeldung – persönliche Daten werden vorher entfernt.',
    cookies: 'Cookies: Nur nach der Anmeldung setzen wir ein technisch notwendiges Sitzungs-Cookie. Es gibt keine Werbe- oder Analyse-Cookies und keine Inhalte von anderen Servern.',
    rightsTitle: 'Ihre Rechte',
    rights: 'Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung (Art. 18) und Widerspruch (Art. 21) sowie auf Beschwerde bei der Datenschutz-Aufsichtsbehörde des Landes.',
    aiTitle: 'Automatisierte Berechnung',
    ai: 'Ihr Antrag wird nach festen, veröffentlichten Regeln berechnet. Die Entscheidung trifft ein Mensch; eine ausschließlich automatisierte Entscheidung (Art. 22 DSGVO) findet nur statt, wo ein Gesetz es erlaubt und die Stadt es ausdrücklich eingeschaltet hat.',
  },
  en: {
    title: 'Data protection in the citizen portal',
    who: 'The controller is the City of Musterstadt, Rathausplatz 1, 12345 Musterstadt. The data protection officer can be reached at datenschutz@musterstadt.example.',
    whatTitle: 'What we store',
    calc: 'Calculator: your entries are only transmitted for the calculation and are not stored.',
    draft: 'Application: until you send it, your entries stay only in your browser (local storage of this device). “Delete draft” removes them.',
    application: 'After sending, we store your application and documents to decide on it (Art. 6(1)(e) GDPR together with the relevant law, e.g. the Housing Benefit Act). Personal data is stored separately from decision data. Every access by staff is logged with its purpose.',
    retention: 'After the procedure is closed and the retention period has passed, your personal data is deleted or anonymised.',
    chat: 'Digital assistant: conversations are not stored. Only if you explicitly agree do we store feedback – personal data is removed first.',
    cookies: 'Cookies: only after sign-in do we set a technically necessary session cookie. There are no advertising or analytics cookies and no content from other servers.',
    rightsTitle: 'Your rights',
    rights: 'You have the right of access (Art. 15 GDPR), rectification (Art. 16), erasure (Art. 17), restriction (Art. 18) and objection (Art. 21), and to complain to the state data protection authority.',
    aiTitle: 'Automated calculation',
    ai: 'Your application is calculated with fixed, published rules. A person makes the decision; a solely automated decision (Art. 22 GDPR) only takes place where a law allows it and the city has explicitly switched it on.',
  },
});

export default function PrivacyPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p>{t('who')}</p>
      <h2>{t('whatTitle')}</h2>
      <ul>
        <li>{t('calc')}</li>
        <li>{t('draft')}</li>
        <li>{t('application')}</li>
        <li>{t('retention')}</li>
        <li>{t('chat')}</li>
        <li>{t('cookies')}</li>
      </ul>
      <h2>{t('aiTitle')}</h2>
      <p>{t('ai')}</p>
      <h2>{t('rightsTitle')}</h2>
      <p>{t('rights')}</p>
    </>
  );
}
