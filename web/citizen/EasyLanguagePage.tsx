import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Link } from '../shared/router.tsx';

const m = messages({
  de: { note: '' },
  en: { note: 'This page is in Easy German (Leichte Sprache), as German law requires for public websites. The English version of the portal is the normal page in English.' },
});

/**
 * The start page in Leichte Sprache (BITV 2.0 § 4 with Anlage 2 Teil 2): what the site offers,
 * how to find one's way, what the accessibility statement says, where more help is. German only,
 * one statement per line, compound words split with a hyphen.
 */
export default function EasyLanguagePage() {
  const t = useT(m);
  const { lang } = useLang();
  usePageTitle('Leichte Sprache');
  return (
    <>
      {lang === 'en' && <p className="notice">{t('note')}</p>}
      <div lang="de" className="easy">
        <PageHeading lang="de">Informationen in Leichter Sprache</PageHeading>
        <h2>Was ist das für eine Internet-Seite?</h2>
        <p>Das ist die Internet-Seite von der Stadt Musterstadt.</p>
        <p>Hier können Sie Geld von der Stadt beantragen.</p>
        <p>Zum Beispiel: Wohn-Geld.</p>
        <p>Wohn-Geld ist Geld für die Miete.</p>
        <p>Oder Sie können ausrechnen: Wie viel muss ich für die Kita bezahlen?</p>

        <h2>Was können Sie hier machen?</h2>
        <p>Sie können ausrechnen: Bekomme ich Wohn-Geld?</p>
        <p>Dafür müssen Sie sich nicht anmelden.</p>
        <p>Wir speichern dabei nichts.</p>
        <p>
          <Link to="/rechner/wohngeld">Hier können Sie Wohn-Geld ausrechnen.</Link>
        </p>
        <p>Sie können einen Antrag stellen.</p>
        <p>Ein Antrag ist eine Bitte an die Stadt.</p>
        <p>Zum Beispiel: Bitte geben Sie mir Wohn-Geld.</p>
        <p>
          <Link to="/antrag/wohngeld">Hier können Sie Wohn-Geld beantragen.</Link>
        </p>
        <p>Sie bekommen dann eine Nummer und einen Code.</p>
        <p>Mit der Nummer und dem Code sehen Sie: So weit ist mein Antrag.</p>
        <p>
          <Link to="/anmelden">Hier sehen Sie Ihren Antrag.</Link>
        </p>

        <h2>Wer entscheidet über meinen Antrag?</h2>
        <p>Ein Computer-Programm rechnet.</p>
        <p>Das Programm hält sich an feste Regeln.</p>
        <p>Die Regeln stehen im Gesetz.</p>
        <p>Ein Mensch prüft das Ergebnis.</p>
        <p>Ein Mensch entscheidet.</p>
        <p>Sie bekommen einen Brief von der Stadt.</p>
        <p>Der Brief heißt: Bescheid.</p>
        <p>Sie sind mit dem Bescheid nicht einverstanden?</p>
        <p>Dann können Sie sich wehren.</p>
        <p>Das heißt: Widerspruch.</p>
        <p>Sie haben dafür 1 Monat Zeit.</p>

        <h2>Wie finde ich mich auf der Seite zurecht?</h2>
        <p>Oben auf jeder Seite ist ein Menü.</p>
        <p>Im Menü stehen die wichtigsten Seiten.</p>
        <p>Ganz unten auf jeder Seite sind noch mehr Links.</p>
        <p>Zum Beispiel zu dieser Seite in Leichter Sprache.</p>
        <p>Sie können die Seite auch nur mit der Tastatur benutzen.</p>
        <p>Mit der Tab-Taste kommen Sie zum nächsten Link.</p>
        <p>Mit der Enter-Taste öffnen Sie den Link.</p>

        <h2>Ist die Seite barriere-frei?</h2>
        <p>Barriere-frei heißt: Alle Menschen können die Seite gut benutzen.</p>
        <p>Zum Beispiel auch Menschen, die nicht gut sehen.</p>
        <p>Wir haben die Seite geprüft.</p>
        <p>Die meisten Teile sind barriere-frei.</p>
        <p>Manche Teile sind noch nicht barriere-frei.</p>
        <p>Zum Beispiel: Es gibt noch keine Filme in Gebärden-Sprache.</p>
        <p>Das alles steht in der Erklärung zur Barriere-Freiheit.</p>
        <p>
          <Link to="/barrierefreiheit">Hier ist die Erklärung zur Barriere-Freiheit.</Link>
        </p>

        <h2>Sie haben ein Problem mit der Seite?</h2>
        <p>Dann sagen Sie uns Bescheid.</p>
        <p>
          <Link to="/barriere-melden">Hier können Sie uns ein Problem melden.</Link>
        </p>
        <p>Sie können uns auch anrufen.</p>
        <p>
          Die Telefon-Nummer ist: <a href="tel:01234560">0123 456-0</a>
        </p>
        <p>Oder Sie kommen zu uns ins Rathaus.</p>
        <p>Die Adresse ist: Rathaus-Platz 1, 12345 Musterstadt.</p>

        <h2>Hinweis zu diesem Text</h2>
        <p>Diesen Text haben wir selbst in Leichter Sprache geschrieben.</p>
        <p>Eine Prüf-Gruppe hat den Text noch nicht geprüft.</p>
      </div>
    </>
  );
}
