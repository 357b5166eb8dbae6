import type { LearningUnit } from '../model.ts';

export const uebersteuern: LearningUnit = {
  id: 'uebersteuern',
  version: '1.0.0',
  title: 'Wann Sie abweichen und übersteuern',
  minutes: 20,
  goals: [
    'Sie kennen Ihre Pflicht und Ihr Recht, vom Vorschlag abzuweichen.',
    'Sie erkennen Automatisierungsgläubigkeit und wirken ihr entgegen.',
    'Sie begründen Abweichungen und Ermessensentscheidungen so, dass sie nachvollziehbar sind.',
  ],
  sections: [
    {
      heading: 'Sie entscheiden',
      body: `Wo das Gesetz Ermessen oder einen Beurteilungsspielraum einräumt, entscheidet immer ein Mensch. Ein vollautomatisierter Bescheid ist nur zulässig, wenn eine Rechtsvorschrift das zulässt und weder Ermessen noch Beurteilungsspielraum besteht (§ 35a VwVfG) bzw. kein Anlass besteht, den Einzelfall durch eine Amtsperson zu bearbeiten (§ 31a SGB X).

Als benannte Aufsichtsperson dürfen Sie ein Ergebnis übersteuern und das System anhalten (Art. 14, Art. 26 Abs. 2 KI-VO). Ihre Abweichung wird mit Begründung im Protokoll festgehalten.`,
    },
    {
      heading: 'Automatisierungsgläubigkeit',
      body: `Menschen neigen dazu, einem Vorschlag der Technik zu folgen, auch wenn er falsch ist (Art. 14 Abs. 4 Buchst. b KI-VO nennt das ausdrücklich). Gegenmittel:

- Prüfen Sie die **Eingaben**, bevor Sie das Ergebnis ansehen.
- Fragen Sie sich bei jedem Ermessenspunkt: Was spricht **gegen** den Vorschlag?
- Ein Punktwert oder Entwurf, dem Sie „einfach folgen“, gilt rechtlich als Ihre Entscheidung – und nach der Rechtsprechung (EuGH C-634/21 SCHUFA) kann er selbst eine automatisierte Entscheidung sein.`,
    },
    {
      heading: 'Gut begründen',
      body: `Eine Begründung nennt die wesentlichen tatsächlichen und rechtlichen Gründe (§ 35 SGB X, § 39 VwVfG), bei Ermessen auch die Gesichtspunkte der Abwägung. Schreiben Sie konkret: welche Tatsache, welche Norm, welche Abwägung. „Laut System“ ist keine Begründung.`,
    },
  ],
  quiz: [
    {
      id: 'q1',
      prompt: 'Wann darf ein Verwaltungsakt nach VwVfG vollautomatisiert ergehen?',
      options: [
        { id: 'a', text: 'Immer, wenn das System sicher ist.' },
        { id: 'b', text: 'Nur wenn eine Rechtsvorschrift es zulässt und weder Ermessen noch Beurteilungsspielraum besteht.' },
        { id: 'c', text: 'Wenn die Amtsleitung zustimmt.' },
      ],
      correct: ['b'],
      explanation: 'So steht es in § 35a VwVfG. § 35a selbst ist keine Erlaubnis; es braucht eine zulassende Vorschrift.',
    },
    {
      id: 'q2',
      prompt: 'Was hilft gegen Automatisierungsgläubigkeit? (Mehrere Antworten möglich)',
      options: [
        { id: 'a', text: 'Erst die Eingaben prüfen, dann das Ergebnis ansehen' },
        { id: 'b', text: 'Bewusst nach Gründen gegen den Vorschlag suchen' },
        { id: 'c', text: 'Vorschläge möglichst schnell bestätigen, um Rückstände abzubauen' },
      ],
      correct: ['a', 'b'],
      explanation: 'Schnelles Bestätigen ist genau das Muster, vor dem Art. 14 Abs. 4 Buchst. b KI-VO warnt.',
    },
    {
      id: 'q3',
      prompt: 'Welche Begründung genügt für eine Ermessensentscheidung?',
      options: [
        { id: 'a', text: '„Entscheidung gemäß Systemvorschlag.“' },
        { id: 'b', text: 'Tatsachen, Norm und die abgewogenen Gesichtspunkte, konkret für den Fall.' },
      ],
      correct: ['b'],
      explanation: 'Bei Ermessen müssen die Ermessenserwägungen erkennbar sein (§ 35 Abs. 1 S. 3 SGB X, § 39 Abs. 1 S. 3 VwVfG).',
    },
    {
      id: 'q4',
      prompt: 'Sie bemerken, dass das System bei einer Fallgruppe wiederholt falsch rechnet. Was dürfen und sollen Sie als benannte Aufsichtsperson tun?',
      options: [
        { id: 'a', text: 'Die Ergebnisse übersteuern, den Fehler melden und das System bei Gefahr anhalten.' },
        { id: 'b', text: 'Abwarten, bis die IT den Fehler bemerkt.' },
      ],
      correct: ['a'],
      explanation: 'Aufsicht heißt Befugnis und Pflicht zum Eingreifen (Art. 14, Art. 26 Abs. 2 und 5 KI-VO).',
    },
  ],
  passPercent: 75,
};
