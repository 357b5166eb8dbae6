import { describe, expect, it } from 'vitest';
import { loadAssistantContent } from '../content-files/index.ts';
import { Triage } from './triage.ts';

const triage = new Triage(loadAssistantContent().handover);
const kind = (message: string) => triage.classify(message)?.topic.kind;

describe('triage of messages that need people, not content', () => {
  it('recognises a crisis however it is put, not only by fixed phrases', () => {
    for (const m of [
      'Ich will mir das Leben nehmen',
      'ich denke daran, mir das Leben zu nehmen.',
      'Ich möchte meinem Leben ein Ende setzen',
      'Ich bin verzweifelt und sehe keinen Ausweg mehr',
      'Mir geht es sehr schlecht, ich kann nicht mehr',
      'Ich kann nicht mehr.',
      'Ich halte das alles nicht mehr aus',
      'Ich will mir etwas antun',
      'I want to take my life',
      'Ich habe Suizidgedanken',
    ]) expect(kind(m), m).toBe('krise');
  });

  it('recognises emergencies and threats', () => {
    for (const m of ['Ich brauche sofort einen Arzt', 'Hilfe, mein Kind ist verschwunden', 'Meine Tochter wird seit gestern vermisst', 'Bitte einen Krankenwagen']) expect(kind(m), m).toBe('notfall');
    for (const m of ['Ich werde bedroht und habe Angst', 'Ich habe Angst vor meinem Mann']) expect(kind(m), m).toBe('gewalt');
  });

  it('recognises questions about one\'s own case', () => {
    for (const m of ['Wann wird mein Wohngeld endlich ausgezahlt?', 'Ist mein Antrag schon bearbeitet?', 'Wie ist der Stand meines Antrags?']) expect(kind(m), m).toBe('falldaten');
  });

  it('leaves ordinary questions to the service descriptions', () => {
    for (const m of [
      'Wir leben seit 2020 zusammen und nehmen keine Sozialleistungen, bekommen wir Wohngeld?',
      'Das Kindergeld ist verschwunden, was nun?',
      'Ich kann nicht mehr online bezahlen, geht das auch bar?',
      'Ich brauche ein ärztliches Attest für den Schwerbehindertenausweis',
      'Mein Ausweis ist verschwunden',
      'Wie geht es weiter, wenn der Antrag schlecht lesbar ist?',
      'Was kostet ein Reisepass?',
    ]) expect(kind(m), m).toBeUndefined();
  });
});
