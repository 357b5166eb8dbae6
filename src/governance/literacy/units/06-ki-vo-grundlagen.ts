import type { LearningUnit } from '../model.ts';

export const kiVoGrundlagen: LearningUnit = {
  id: 'ki-vo-grundlagen',
  version: '1.0.0',
  title: 'Grundlagen der KI-Verordnung',
  minutes: 20,
  goals: [
    'Sie kennen die vier Risikoklassen der KI-Verordnung und Beispiele aus der Kommune.',
    'Sie wissen, warum nicht jedes regelbasierte System automatisch außerhalb der Verordnung liegt.',
    'Sie kennen die Stichtage, die für die Kommune wichtig sind.',
  ],
  sections: [
    {
      heading: 'Vier Risikoklassen',
      body: `Die KI-Verordnung (Verordnung (EU) 2024/1689) ordnet KI-Systeme nach Risiko:

- **Verboten** (Art. 5): z. B. Social Scoring von Bürgerinnen und Bürgern, Emotionserkennung am Arbeitsplatz. In Amtsklar können solche Systeme von niemandem aktiviert werden.
- **Hochrisiko** (Art. 6 und Anhang III): z. B. KI, die über die Berechtigung zu öffentlichen Unterstützungsleistungen mitentscheidet (Anhang III Nr. 5 Buchst. a), Personalauswahl, Notruf-Triage.
- **Transparenzpflichten** (Art. 50): z. B. Chatbots müssen sich als KI zu erkennen geben.
- **Minimales Risiko**: z. B. Spamfilter. Auch hier gilt: das Personal braucht KI-Kompetenz (Art. 4).`,
    },
    {
      heading: 'Ist das überhaupt KI?',
      body: `Ein KI-System leitet aus Eingaben ab, wie es Ausgaben erzeugt (Art. 3 Nr. 1). Systeme, die nur von Menschen festgelegte Regeln ausführen, sind nach Erwägungsgrund 12 keine KI-Systeme – dazu gehören die Regelwerke von Amtsklar. Aber: wissensbasierte Inferenz und von Fachleuten gewichtete Punktwerte zählen als Inferenz. Darum wird die Einordnung für jedes System begründet und im Register festgehalten. Datenschutz und Verwaltungsrecht gelten ohnehin für alle Systeme.`,
    },
    {
      heading: 'Stichtage',
      body: `Seit 02.02.2025 gelten die Verbote und die Pflicht zur KI-Kompetenz. Seit 02.08.2026 gelten die Transparenzpflichten (Art. 50). Durch die Änderungsverordnung (EU) 2026/1744 („Digital Omnibus“) gelten die Pflichten für Hochrisiko-Systeme nach Anhang III erst ab **02.12.2027**, darunter die Pflichten der Betreiber (Art. 26) und die Grundrechte-Folgenabschätzung (Art. 27). Behörden, die ein Hochrisiko-System schon vorher betreiben, müssen es bis 02.08.2030 anpassen (Art. 111 Abs. 2). Amtsklar verlangt die Pflichten nach Voreinstellung schon vor der Aktivierung.`,
    },
  ],
  quiz: [
    {
      id: 'q1',
      prompt: 'Zu welcher Klasse gehört ein KI-System, das über die Berechtigung zu Sozialleistungen mitentscheidet?',
      options: [
        { id: 'a', text: 'Minimales Risiko' },
        { id: 'b', text: 'Hochrisiko (Anhang III Nr. 5 Buchst. a)' },
        { id: 'c', text: 'Verboten' },
      ],
      correct: ['b'],
      explanation: 'Die Prüfung der Berechtigung zu grundlegenden öffentlichen Unterstützungsleistungen ist ausdrücklich in Anhang III genannt.',
    },
    {
      id: 'q2',
      prompt: 'Ist ein regelbasiertes System automatisch außerhalb der KI-Verordnung?',
      options: [
        { id: 'a', text: 'Ja, immer.' },
        { id: 'b', text: 'Nein; wissensbasierte Inferenz oder gewichtete Punktwerte können ein KI-System sein. Die Einordnung wird begründet.' },
      ],
      correct: ['b'],
      explanation: 'Erwägungsgrund 12 nennt auch logik- und wissensgestützte Konzepte als Inferenztechniken.',
    },
    {
      id: 'q3',
      prompt: 'Welche Praxis ist nach Art. 5 verboten? (Mehrere Antworten möglich)',
      options: [
        { id: 'a', text: 'Ein „Zuverlässigkeitswert“ für Bürgerinnen und Bürger aus Daten mehrerer Ämter, der Kontrollen steuert' },
        { id: 'b', text: 'Emotionserkennung bei Beschäftigten im Callcenter' },
        { id: 'c', text: 'Ein Spamfilter für das Bürgerpostfach' },
      ],
      correct: ['a', 'b'],
      explanation: 'Social Scoring (Art. 5 Abs. 1 Buchst. c) und Emotionserkennung am Arbeitsplatz (Buchst. f) sind verboten; ein Spamfilter hat minimales Risiko.',
    },
    {
      id: 'q4',
      prompt: 'Ab wann gelten die Betreiberpflichten für Hochrisiko-Systeme nach Anhang III in der Fassung der Änderungsverordnung 2026/1744?',
      options: [
        { id: 'a', text: '02.08.2026' },
        { id: 'b', text: '02.12.2027' },
        { id: 'c', text: '02.08.2030' },
      ],
      correct: ['b'],
      explanation: 'Die Änderungsverordnung hat diese Pflichten vom 02.08.2026 auf den 02.12.2027 verschoben; 2030 ist die Frist für schon betriebene Systeme von Behörden.',
    },
  ],
  passPercent: 75,
};
