import type { LearningUnit } from '../model.ts';

export const systemGrenzen: LearningUnit = {
  id: 'system-grenzen',
  version: '1.0.0',
  title: 'Was Amtsklar tut – und was nicht',
  minutes: 15,
  goals: [
    'Sie unterscheiden das Regelwerk (Expertensystem) vom Entwurfsassistenten (generative KI).',
    'Sie wissen, welche Ergebnisse verbindlich berechnet und welche nur vorgeschlagen werden.',
    'Sie kennen die drei Ergebnisse einer Prüfung: entschieden, fehlende Angaben, menschliche Entscheidung nötig.',
  ],
  sections: [
    {
      heading: 'Zwei Arten von Technik',
      body: `Amtsklar besteht aus zwei Teilen, die unterschiedlich arbeiten:

- **Das Regelwerk** (z. B. Wohngeld oder Kita-Beiträge) bildet Gesetz und Satzung als Regeln ab, die Fachleute geschrieben haben. Es rechnet nachvollziehbar: jeder Schritt hat eine Rechtsgrundlage, und dieselben Eingaben ergeben immer dasselbe Ergebnis.
- **Der Entwurfsassistent** ist ein Sprachmodell. Er formuliert Text für Bescheide oder Nachforderungen. Er rechnet nichts aus und entscheidet nichts. Sein Text kann Fehler enthalten und wird immer von Ihnen geprüft und freigegeben.

Beträge, Fristen und Ergebnisse im Bescheid kommen **immer aus dem Regelwerk**, nie aus dem Sprachmodell. Ein Prüfschritt (Faktenprüfung) vergleicht den Entwurf mit den berechneten Werten und hält Abweichungen an.`,
    },
    {
      heading: 'Drei mögliche Ergebnisse',
      body: `Jede Prüfung eines Antrags endet mit einem von drei Ergebnissen:

1. **entschieden** – alle Angaben liegen vor, das Ergebnis ist vollständig berechnet.
2. **fehlende Angaben** – das System nennt jede fehlende Angabe mit der Frage an die antragstellende Person; daraus entsteht die Nachforderung.
3. **menschliche Entscheidung nötig** – das Gesetz räumt Ermessen oder einen Beurteilungsspielraum ein (z. B. Härtefall nach § 6 der Kita-Satzung). Hier entscheiden Sie; das System rechnet mit Ihrer Entscheidung weiter.`,
    },
    {
      heading: 'Grenzen',
      body: `Amtsklar kennt nur, was im Antrag und in den Regeln steht. Es weiß nichts über Umstände, die nicht erfragt wurden. Wenn eine Person etwas Besonderes mitteilt, das die Regeln nicht erfassen, muss ein Mensch den Fall bearbeiten (§ 24 Abs. 1 S. 3 VwVfG, § 31a S. 2 SGB X).

Das Regelwerk ist nur so richtig wie seine Übertragung des Gesetzes. Wenn Ihnen ein Ergebnis unplausibel vorkommt, melden Sie es: jede Meldung wird geprüft, und Fehler im Regelwerk werden mit neuer Version korrigiert.`,
    },
  ],
  quiz: [
    {
      id: 'q1',
      prompt: 'Woher stammt der Wohngeldbetrag in einem Bescheid, den der Entwurfsassistent formuliert hat?',
      options: [
        { id: 'a', text: 'Vom Sprachmodell, das den Betrag aus dem Antrag errechnet.' },
        { id: 'b', text: 'Aus dem Regelwerk; der Entwurf übernimmt ihn, und die Faktenprüfung vergleicht ihn.' },
        { id: 'c', text: 'Die Sachbearbeitung trägt ihn immer von Hand ein.' },
      ],
      correct: ['b'],
      explanation: 'Beträge kommen immer aus dem Regelwerk. Das Sprachmodell formuliert nur Text; die Faktenprüfung hält Entwürfe an, deren Zahlen nicht mit der Berechnung übereinstimmen.',
    },
    {
      id: 'q2',
      prompt: 'Was bedeutet das Ergebnis „menschliche Entscheidung nötig“?',
      options: [
        { id: 'a', text: 'Das System ist ausgefallen.' },
        { id: 'b', text: 'Das Gesetz räumt an einer Stelle Ermessen oder einen Beurteilungsspielraum ein; eine Amtsperson entscheidet.' },
        { id: 'c', text: 'Der Antrag ist abzulehnen.' },
      ],
      correct: ['b'],
      explanation: 'Ermessen bleibt bei Menschen. Das System zeigt den Punkt, die Norm und warum er zu entscheiden ist, und rechnet danach mit Ihrer Entscheidung weiter.',
    },
    {
      id: 'q3',
      prompt: 'Eine Antragstellerin schreibt in das Feld „Besonderheiten“, dass ihr Mann seit kurzem pflegebedürftig ist. Was tun Sie?',
      options: [
        { id: 'a', text: 'Nichts, das Regelwerk hat den Fall schon berechnet.' },
        { id: 'b', text: 'Den Fall selbst prüfen, weil Angaben vorliegen, die das automatische Verfahren nicht erfasst.' },
        { id: 'c', text: 'Den Text an das Sprachmodell geben, damit es entscheidet.' },
      ],
      correct: ['b'],
      explanation: '§ 24 Abs. 1 S. 3 VwVfG und § 31a S. 2 SGB X verlangen, dass solche Angaben berücksichtigt werden. Das geschieht durch eine Amtsperson.',
    },
    {
      id: 'q4',
      prompt: 'Welche Aussagen über das Regelwerk stimmen? (Mehrere Antworten möglich)',
      options: [
        { id: 'a', text: 'Jeder Rechenschritt nennt seine Rechtsgrundlage.' },
        { id: 'b', text: 'Dieselben Eingaben ergeben mit derselben Version immer dasselbe Ergebnis.' },
        { id: 'c', text: 'Es lernt aus früheren Entscheidungen dazu.' },
      ],
      correct: ['a', 'b'],
      explanation: 'Das Regelwerk lernt nicht selbst; Änderungen entstehen nur durch eine neue, geprüfte Version. Darum ist jedes Ergebnis nachrechenbar.',
    },
  ],
  passPercent: 75,
};
