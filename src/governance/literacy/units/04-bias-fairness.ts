import type { LearningUnit } from '../model.ts';

export const biasFairness: LearningUnit = {
  id: 'bias-fairness',
  version: '1.0.0',
  title: 'Verzerrungen und Fairness',
  minutes: 20,
  goals: [
    'Sie wissen, wie auch regelbasierte Systeme Gruppen ungleich treffen können.',
    'Sie lesen die Fairness-Kennzahlen auf der Transparenzseite richtig, auch bei kleinen Gruppen.',
    'Sie kennen die geschützten Merkmale nach AGG und Grundgesetz.',
  ],
  sections: [
    {
      heading: 'Woher Ungleichbehandlung kommt',
      body: `Auch Regeln, die Menschen geschrieben haben, können Gruppen ungleich treffen: durch Fehler in der Übertragung, durch Merkmale, die stellvertretend für ein geschütztes Merkmal stehen (z. B. Postleitzahl für Herkunft), oder durch ungleiche Daten. Bei Sprachmodellen kommen Verzerrungen aus den Trainingsdaten hinzu: derselbe Sachverhalt kann je nach Name unterschiedlich formuliert werden.

Geschützte Merkmale nach § 1 AGG: ethnische Herkunft, Geschlecht, Religion oder Weltanschauung, Behinderung, Alter, sexuelle Identität; dazu Art. 3 Abs. 3 GG.`,
    },
    {
      heading: 'Kennzahlen richtig lesen',
      body: `Amtsklar vergleicht Ergebnisse zwischen Gruppen immer **mit Fallzahlen**. Bei kleinen Gruppen sind Unterschiede oft Zufall: darum stehen neben den Quoten Vertrauensbereiche und exakte Tests. Sehr kleine Gruppen werden nicht ausgewiesen, um niemanden erkennbar zu machen.

Die „Vier-Fünftel-Regel“ ist nur ein Warnsignal, kein Beweis für Fairness. Ein auffälliger Wert heißt: genau hinsehen, nicht: das System diskriminiert.`,
    },
    {
      heading: 'Was Sie tun',
      body: `Wenn Ihnen im Einzelfall eine Ungleichbehandlung auffällt, melden Sie sie über die Rückmeldung zum Fall. Bei Entwürfen des Sprachmodells achten Sie auf Ton und Wortwahl: alle Menschen werden gleich respektvoll angesprochen. Ein Entwurf, der abwertend oder klischeehaft formuliert, wird nicht freigegeben.`,
    },
  ],
  quiz: [
    {
      id: 'q1',
      prompt: 'Können regelbasierte Systeme diskriminieren?',
      options: [
        { id: 'a', text: 'Nein, Regeln sind immer neutral.' },
        { id: 'b', text: 'Ja, z. B. durch Übertragungsfehler oder Merkmale, die stellvertretend für geschützte Merkmale stehen.' },
      ],
      correct: ['b'],
      explanation: 'Auch Regeln können mittelbar benachteiligen. Darum werden Entscheidungen aller Systeme mit Fairness-Kennzahlen beobachtet.',
    },
    {
      id: 'q2',
      prompt: 'In einer Gruppe mit 6 Fällen ist die Bewilligungsquote deutlich niedriger. Was folgt daraus?',
      options: [
        { id: 'a', text: 'Das System diskriminiert eindeutig.' },
        { id: 'b', text: 'Bei so wenigen Fällen kann das Zufall sein; Vertrauensbereich und exakten Test ansehen und den Fall beobachten.' },
      ],
      correct: ['b'],
      explanation: 'Kleine Gruppen schwanken stark. Kennzahlen sind immer mit Fallzahl und Unsicherheit zu lesen.',
    },
    {
      id: 'q3',
      prompt: 'Welche Merkmale schützt § 1 AGG? (Mehrere Antworten möglich)',
      options: [
        { id: 'a', text: 'Alter' },
        { id: 'b', text: 'Behinderung' },
        { id: 'c', text: 'Einkommenshöhe' },
      ],
      correct: ['a', 'b'],
      explanation: 'Einkommen ist kein geschütztes Merkmal, sondern beim Wohngeld gerade eine gesetzliche Berechnungsgröße.',
    },
    {
      id: 'q4',
      prompt: 'Ein Entwurf des Sprachmodells spricht eine Antragstellerin mit ausländischem Namen herablassend an. Was tun Sie?',
      options: [
        { id: 'a', text: 'Den Entwurf nicht freigeben, neu formulieren und das Muster melden.' },
        { id: 'b', text: 'Freigeben, weil die Beträge stimmen.' },
      ],
      correct: ['a'],
      explanation: 'Sie tragen die Verantwortung für den Text. Solche Muster werden gemeldet, damit sie systematisch geprüft werden.',
    },
  ],
  passPercent: 75,
};
