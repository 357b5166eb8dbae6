import type { LearningUnit } from '../model.ts';

export const entwurfsassistent: LearningUnit = {
  id: 'entwurfsassistent',
  version: '1.0.0',
  title: 'Grenzen des Entwurfsassistenten',
  minutes: 20,
  goals: [
    'Sie wissen, wofür der Entwurfsassistent gedacht ist und wofür nicht.',
    'Sie erkennen typische Fehler von Sprachmodellen (erfundene Fakten, falsche Normen).',
    'Sie prüfen einen Entwurf vollständig, bevor Sie ihn freigeben.',
  ],
  sections: [
    {
      heading: 'Wofür der Assistent da ist',
      body: `Der Entwurfsassistent formuliert verständliche Textteile eines Bescheids oder einer Nachforderung: Erläuterungen, Übergänge, einfache Sprache. Die **verbindlichen Teile** – Tenor, Beträge, Zeiträume, Rechtsbehelfsbelehrung – kommen aus festen Bausteinen und den Daten des Regelwerks, nicht aus dem Modell.

Der Assistent ist **kein Rechtsrat** und entscheidet nichts. Er kennt nur, was ihm übergeben wird.`,
    },
    {
      heading: 'Typische Fehler',
      body: `Sprachmodelle schreiben flüssig, auch wenn der Inhalt falsch ist. Achten Sie besonders auf:

- **erfundene Tatsachen** („wie telefonisch besprochen“, obwohl es kein Telefonat gab),
- **falsche oder erfundene Normen** (ein Paragraf, den es nicht gibt),
- **Zahlen im Fließtext**, die nicht zur Berechnung passen (die Faktenprüfung hält solche Entwürfe an, aber nicht jede Umschreibung),
- **Zusagen**, die die Behörde nicht geben darf,
- einen **Ton**, der nicht respektvoll oder nicht verständlich ist.`,
    },
    {
      heading: 'Freigabe',
      body: `Mit Ihrer Freigabe übernehmen Sie den Text als Ihren. Die Freigabe wird mit Ihrem Namen und dem Fingerabdruck des Textes im Protokoll festgehalten. Freigeben dürfen nur Personen, die diese Lerneinheiten in der aktuellen Fassung bestanden haben. Der Bescheid trägt den Hinweis, dass Textteile mit KI-Unterstützung entstanden und von einer Amtsperson geprüft wurden.`,
    },
  ],
  quiz: [
    {
      id: 'q1',
      prompt: 'Woher kommt die Rechtsbehelfsbelehrung im Bescheid?',
      options: [
        { id: 'a', text: 'Das Sprachmodell formuliert sie passend zum Fall.' },
        { id: 'b', text: 'Aus einem festen, geprüften Baustein.' },
      ],
      correct: ['b'],
      explanation: 'Verbindliche Teile kommen aus festen Bausteinen; eine falsch formulierte Belehrung hätte Rechtsfolgen (z. B. verlängerte Widerspruchsfrist).',
    },
    {
      id: 'q2',
      prompt: 'Ein Entwurf enthält den Satz „Wie mit Ihnen telefonisch vereinbart, …“. In der Akte gibt es kein Telefonat. Was tun Sie?',
      options: [
        { id: 'a', text: 'Den Satz streichen und den Entwurf als fehlerhaft melden.' },
        { id: 'b', text: 'Freigeben, das klingt freundlich.' },
      ],
      correct: ['a'],
      explanation: 'Das ist eine erfundene Tatsache. Sie darf nie in einen Bescheid gelangen.',
    },
    {
      id: 'q3',
      prompt: 'Welche Stellen prüfen Sie in einem Entwurf besonders? (Mehrere Antworten möglich)',
      options: [
        { id: 'a', text: 'Genannte Normen und Tatsachen' },
        { id: 'b', text: 'Zahlen und Zusagen im Fließtext' },
        { id: 'c', text: 'Nur die Schriftart' },
      ],
      correct: ['a', 'b'],
      explanation: 'Normen, Tatsachen, Zahlen und Zusagen sind die typischen Fehlerquellen von Sprachmodellen.',
    },
    {
      id: 'q4',
      prompt: 'Wer darf Entwürfe mit KI-Unterstützung freigeben?',
      options: [
        { id: 'a', text: 'Alle Beschäftigten mit Zugang zur Fallakte' },
        { id: 'b', text: 'Nur Personen, die die erforderlichen Lerneinheiten in der aktuellen Fassung bestanden haben' },
      ],
      correct: ['b'],
      explanation: 'Die Plattform prüft vor jeder Freigabe die Kompetenznachweise (Art. 4, Art. 26 Abs. 2 KI-VO).',
    },
  ],
  passPercent: 75,
};
