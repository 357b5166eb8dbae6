import type { LearningUnit } from '../model.ts';

export const traceLesen: LearningUnit = {
  id: 'trace-lesen',
  version: '1.0.0',
  title: 'Einen Rechenweg (Trace) lesen',
  minutes: 20,
  goals: [
    'Sie lesen den Rechenweg einer Entscheidung Schritt für Schritt.',
    'Sie finden zu einem Wert die Regel, die Rechtsgrundlage und die Eingaben.',
    'Sie prüfen mit dem Beleg (Quittung), ob eine Entscheidung unverändert ist.',
  ],
  sections: [
    {
      heading: 'Aufbau des Rechenwegs',
      body: `Zu jeder Entscheidung zeigt Amtsklar den **Rechenweg**. Jeder Schritt enthält:

- die **Regel** (z. B. „Höchstbetrag für Miete“),
- die **Rechtsgrundlage** (z. B. „§ 12 Abs. 1 WoGG“),
- die **Eingaben**, die der Schritt verwendet hat, und
- den **Wert**, der herauskam.

Lesen Sie von unten nach oben, wenn Sie wissen wollen, wie ein Endwert entstand: suchen Sie den Schritt mit dem Endwert und folgen Sie seinen Eingaben zurück.`,
    },
    {
      heading: 'Runden und Beträge',
      body: `Geld wird exakt mit Dezimalzahlen gerechnet, nie mit ungenauen Gleitkommazahlen. Jede Rundung ist ein eigener Schritt mit ihrer Vorschrift. Wenn Sie einen Cent-Unterschied sehen, suchen Sie den Rundungsschritt: er sagt, wie und warum gerundet wurde.`,
    },
    {
      heading: 'Beleg und Nachrechnen',
      body: `Jede Entscheidung hat einen **Beleg** mit dem Fingerabdruck (Hash) der Eingaben, des Regelwerks und des Ergebnisses. Rechnet man dieselben Eingaben mit derselben Regelwerksversion nach, muss derselbe Ergebnis-Fingerabdruck entstehen. Stimmt er nicht überein, wurde etwas verändert – melden Sie das sofort der Systemverantwortung.`,
    },
  ],
  quiz: [
    {
      id: 'q1',
      prompt: 'Was zeigt jeder Schritt des Rechenwegs? (Mehrere Antworten möglich)',
      options: [
        { id: 'a', text: 'Die Regel und ihre Rechtsgrundlage' },
        { id: 'b', text: 'Die verwendeten Eingaben und den Wert' },
        { id: 'c', text: 'Eine Wahrscheinlichkeit, wie sicher das Ergebnis ist' },
      ],
      correct: ['a', 'b'],
      explanation: 'Das Regelwerk rechnet deterministisch; es gibt keine Wahrscheinlichkeiten. Jeder Schritt nennt Regel, Norm, Eingaben und Wert.',
    },
    {
      id: 'q2',
      prompt: 'Der berechnete Betrag weicht um einen Cent von Ihrer Handrechnung ab. Wo schauen Sie zuerst nach?',
      options: [
        { id: 'a', text: 'Beim Rundungsschritt mit seiner Vorschrift' },
        { id: 'b', text: 'Im Entwurfstext des Sprachmodells' },
        { id: 'c', text: 'Nirgends, ein Cent ist egal' },
      ],
      correct: ['a'],
      explanation: 'Rundungen sind eigene, begründete Schritte im Rechenweg. Dort sehen Sie, ob Ihre Handrechnung oder die Regel anders rundet.',
    },
    {
      id: 'q3',
      prompt: 'Beim Nachrechnen mit denselben Eingaben und derselben Regelwerksversion entsteht ein anderer Ergebnis-Fingerabdruck. Was bedeutet das?',
      options: [
        { id: 'a', text: 'Das ist normal, weil das System jedes Mal anders rechnet.' },
        { id: 'b', text: 'Etwas wurde verändert; der Vorgang muss gemeldet und geklärt werden.' },
      ],
      correct: ['b'],
      explanation: 'Gleiche Eingaben und gleiche Version ergeben immer dasselbe Ergebnis. Eine Abweichung ist ein Vorfall.',
    },
    {
      id: 'q4',
      prompt: 'Wie finden Sie heraus, warum ein Endwert so hoch ist?',
      options: [
        { id: 'a', text: 'Vom Schritt mit dem Endwert aus seinen Eingaben rückwärts folgen' },
        { id: 'b', text: 'Das Sprachmodell nach einer Erklärung fragen' },
      ],
      correct: ['a'],
      explanation: 'Der Rechenweg ist die Erklärung. Ein Sprachmodell kennt die Berechnung nicht und könnte eine falsche Begründung erfinden.',
    },
  ],
  passPercent: 75,
};
