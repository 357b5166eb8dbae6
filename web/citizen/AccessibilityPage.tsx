import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { messages, useT } from '../shared/i18n.tsx';
import { Link } from '../shared/router.tsx';

const m = messages({
  de: {
    title: 'Erklärung zur Barrierefreiheit',
    scope: 'Die Stadt Musterstadt ist bemüht, ihr Bürgerportal „Amtsklar“ im Einklang mit dem Behindertengleichstellungsgesetz des Landes und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Diese Erklärung gilt für das Bürgerportal, den Arbeitsplatz der Verwaltung und die Verwaltungsseiten unter dieser Adresse.',
    statusTitle: 'Stand der Vereinbarkeit mit den Anforderungen',
    status: 'Das Angebot ist mit den Anforderungen der BITV 2.0 (EN 301 549, WCAG 2.1 Stufe AA) teilweise vereinbar. Die unten genannten Inhalte sind noch nicht barrierefrei.',
    notTitle: 'Nicht barrierefreie Inhalte',
    not1: 'Informationen in Deutscher Gebärdensprache (BITV 2.0 § 4) gibt es noch nicht. Die Informationen in Leichter Sprache sind vorhanden, wurden aber noch nicht von einer Prüfgruppe geprüft.',
    not2: 'Fragen der Antragsformulare, Erklärungen zu Berechnungen und Bescheide gibt es nur auf Deutsch, auch in der englischen Fassung des Portals. Das Verwaltungsverfahren wird auf Deutsch geführt (§ 23 VwVfG, § 19 SGB X).',
    not3: 'Der digitale Assistent (Chat) antwortet nur, wenn er im KI-Register freigegeben ist; sonst ist die Chat-Funktion nicht verfügbar. Alle Inhalte sind auch ohne ihn erreichbar.',
    methodTitle: 'Erstellung dieser Erklärung',
    method: 'Die Erklärung beruht auf einer Selbstbewertung. Jede neue Fassung der Software wird automatisch in einem echten Browser geprüft: mit axe-core auf alle Regeln der WCAG 2.1 Stufen A und AA auf jeder Seite, auf Deutsch und auf Englisch, mit einer vollständigen Bedienung nur über die Tastatur, auf sichtbaren Fokus und darauf, dass Fehlermeldungen neben dem Feld stehen und mit ihm verknüpft sind. Automatische Prüfungen finden nicht alle Barrieren; eine Prüfung durch Fachleute (BITV-Test) steht noch aus.',
    date: 'Die Erklärung wurde zuletzt am 27.11.2026 überprüft.',
    feedbackTitle: 'Barrieren melden: Kontakt zu den Feedback-Ansprechpartnern',
    feedback: 'Sie möchten uns bestehende Barrieren mitteilen oder Informationen zur Umsetzung der Barrierefreiheit erfragen? Oder Sie brauchen einen Inhalt, der nicht barrierefrei ist, in einer anderen Form? Dann wenden Sie sich bitte an uns. Wir antworten innerhalb von zwei Wochen.',
    report: 'Zum Formular „Barriere melden“',
    contact: 'Stadt Musterstadt, Beauftragte für digitale Barrierefreiheit, Rathausplatz 1, 12345 Musterstadt',
    phone: 'Telefon',
    email: 'E-Mail',
    enforcementTitle: 'Schlichtungsverfahren',
    enforcement: 'Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Schlichtungsstelle beziehungsweise die Durchsetzungsstelle für digitale Barrierefreiheit Ihres Landes wenden. Das Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand. Für Angebote des Bundes ist die Schlichtungsstelle nach § 16 BGG zuständig:',
    enforcementLink: 'Schlichtungsstelle nach dem Behindertengleichstellungsgesetz',
    easy: 'Diese Erklärung in Leichter Sprache',
  },
  en: {
    title: 'Accessibility statement',
    scope: 'The City of Musterstadt strives to make its citizen portal “Amtsklar” accessible in accordance with the state Disability Equality Act and the Barrier-Free Information Technology Ordinance (BITV 2.0). This statement applies to the citizen portal, the staff workplace and the administration pages at this address.',
    statusTitle: 'Compliance status',
    status: 'This service is partially compliant with BITV 2.0 (EN 301 549, WCAG 2.1 level AA). The content listed below is not yet accessible.',
    notTitle: 'Content that is not accessible',
    not1: 'Information in German Sign Language (BITV 2.0 § 4) is not yet available. Information in Easy German exists but has not yet been checked by a test group.',
    not2: 'Application questions, explanations of calculations and decisions are only available in German, also in the English version of the portal. Administrative procedures are conducted in German (§ 23 VwVfG, § 19 SGB X).',
    not3: 'The digital assistant (chat) only answers when it is approved in the AI register; otherwise the chat is not available. All content can be reached without it.',
    methodTitle: 'Preparation of this statement',
    method: 'This statement is based on a self-assessment. Every new version of the software is checked automatically in a real browser: with axe-core against all WCAG 2.1 level A and AA rules on every page, in German and English, with complete operation by keyboard alone, for visible focus and for error messages next to and linked with their field. Automated checks do not find all barriers; an expert review (BITV test) is still pending.',
    date: 'This statement was last reviewed on 27 November 2026.',
    feedbackTitle: 'Report barriers: feedback contact',
    feedback: 'Would you like to tell us about barriers or ask about accessibility? Do you need content that is not accessible in another form? Please contact us. We answer within two weeks.',
    report: 'To the “Report a barrier” form',
    contact: 'Stadt Musterstadt, Beauftragte für digitale Barrierefreiheit, Rathausplatz 1, 12345 Musterstadt',
    phone: 'Phone',
    email: 'E-mail',
    enforcementTitle: 'Enforcement procedure',
    enforcement: 'If you do not receive a satisfactory answer, you can contact the conciliation or enforcement body for digital accessibility of your federal state. The procedure is free of charge and needs no legal representation. For federal services the conciliation body under § 16 BGG is responsible:',
    enforcementLink: 'Conciliation body under the Disability Equality Act (in German)',
    easy: 'This statement in Easy German',
  },
});

/** The accessibility statement (§ 12b BGG, § 7 BITV 2.0, EU model statement 2018/1523), with the feedback route. */
export default function AccessibilityPage() {
  const t = useT(m);
  usePageTitle(t('title'));
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p>{t('scope')}</p>
      <h2>{t('statusTitle')}</h2>
      <p>{t('status')}</p>
      <h2>{t('notTitle')}</h2>
      <ul>
        <li>{t('not1')}</li>
        <li>{t('not2')}</li>
        <li>{t('not3')}</li>
      </ul>
      <h2>{t('methodTitle')}</h2>
      <p>{t('method')}</p>
      <p>{t('date')}</p>
      <h2 id="feedback">{t('feedbackTitle')}</h2>
      <p>{t('feedback')}</p>
      <p>
        <Link to="/barriere-melden" className="button-link">
          {t('report')}
        </Link>
      </p>
      <p lang="de">{t('contact')}</p>
      <ul>
        <li>
          {t('phone')}: <a href="tel:01234560">0123 456-0</a>
        </li>
        <li>
          {t('email')}: <a href="mailto:barrierefreiheit@musterstadt.example">barrierefreiheit@musterstadt.example</a>
        </li>
      </ul>
      <h2>{t('enforcementTitle')}</h2>
      <p>{t('enforcement')}</p>
      <p>
        <a href="https://www.schlichtungsstelle-bgg.de" hrefLang="de">
          {t('enforcementLink')}
        </a>
      </p>
      <p>
        <Link to="/leichte-sprache">{t('easy')}</Link>
      </p>
    </>
  );
}
