import type { LearningUnit } from '../model.ts';

export const datenschutz: LearningUnit = {
  id: 'datenschutz',
  version: '1.0.0',
  title: 'Datenschutz beim Einsatz von KI',
  minutes: 15,
  goals: [
    'Sie wissen, welche Daten das Sprachmodell zu sehen bekommt und welche nicht.',
    'Sie kennen die Rechte Betroffener bei automatisierten Entscheidungen.',
    'Sie geben keine personenbezogenen Daten in fremde KI-Dienste ein.',
  ],
  sections: [
    {
      heading: 'Was das Sprachmodell sieht',
      body: `Bevor Text an das Sprachmodell geht, ersetzt ein Schutzfilter Namen, Adressen, IBAN, Steuer-IDs und ähnliche Angaben durch Platzhalter. Das Modell formuliert mit Platzhaltern; erst danach werden die echten Angaben eingesetzt. Ohne konfiguriertes Modell arbeitet Amtsklar mit festen Textbausteinen weiter.

Geben Sie personenbezogene Daten **nie** in KI-Dienste außerhalb von Amtsklar ein (z. B. öffentliche Chat-Dienste im Browser).`,
    },
    {
      heading: 'Rechte der Betroffenen',
      body: `Menschen haben das Recht, nicht einer ausschließlich automatisierten Entscheidung mit rechtlicher Wirkung unterworfen zu werden, außer ein Gesetz erlaubt sie mit Schutzmaßnahmen (Art. 22 DSGVO). Sie haben Anspruch auf aussagekräftige Informationen über die involvierte Logik (Art. 13–15 DSGVO); der EuGH verlangt, das tatsächlich angewandte Verfahren verständlich zu erklären (C-203/22). Amtsklar erzeugt dafür zu jeder Entscheidung eine Erläuterung.`,
    },
    {
      heading: 'Aufbewahren und Löschen',
      body: `Protokolle von KI-Systemen werden mindestens sechs Monate aufbewahrt (Art. 26 Abs. 6 KI-VO), personenbezogene Inhalte aber nicht länger als nötig. Amtsklar trennt das: das manipulationssichere Protokoll enthält keine Klardaten, die Fallakte wird nach Ablauf der Frist gelöscht.`,
    },
  ],
  quiz: [
    {
      id: 'q1',
      prompt: 'Was sieht das Sprachmodell von einem Antrag?',
      options: [
        { id: 'a', text: 'Den vollständigen Antrag mit Namen und Adresse.' },
        { id: 'b', text: 'Den Inhalt mit Platzhaltern statt Namen, Adressen, IBAN und ähnlichen Angaben.' },
      ],
      correct: ['b'],
      explanation: 'Der Schutzfilter ersetzt personenbezogene Angaben vor der Übergabe an das Modell.',
    },
    {
      id: 'q2',
      prompt: 'Dürfen Sie einen Antrag in einen öffentlichen Chat-Dienst kopieren, um ihn zusammenfassen zu lassen?',
      options: [
        { id: 'a', text: 'Ja, wenn es schneller geht.' },
        { id: 'b', text: 'Nein.' },
      ],
      correct: ['b'],
      explanation: 'Dafür fehlt jede Rechtsgrundlage; die Daten verlassen die Verwaltung.',
    },
    {
      id: 'q3',
      prompt: 'Welche Rechte haben Betroffene bei automatisierten Entscheidungen? (Mehrere Antworten möglich)',
      options: [
        { id: 'a', text: 'Aussagekräftige Informationen über die Logik der Entscheidung' },
        { id: 'b', text: 'Die Entscheidung anzufechten und den eigenen Standpunkt darzulegen' },
        { id: 'c', text: 'Den Quellcode aller Systeme ausgehändigt zu bekommen' },
      ],
      correct: ['a', 'b'],
      explanation: 'Art. 22 und 13–15 DSGVO geben Informations- und Anfechtungsrechte; die bloße Herausgabe von Code ist nach EuGH C-203/22 gerade keine ausreichende Erklärung.',
    },
    {
      id: 'q4',
      prompt: 'Wie lange müssen Protokolle eines Hochrisiko-KI-Systems mindestens aufbewahrt werden?',
      options: [
        { id: 'a', text: 'Vier Wochen' },
        { id: 'b', text: 'Sechs Monate' },
        { id: 'c', text: 'Zehn Jahre' },
      ],
      correct: ['b'],
      explanation: 'Art. 26 Abs. 6 KI-VO: mindestens sechs Monate, sofern kein anderes Recht etwas anderes bestimmt.',
    },
  ],
  passPercent: 75,
};
