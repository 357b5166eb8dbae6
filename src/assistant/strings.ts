/**
 * The assistant's fixed texts in the two interface languages. The disclosure (AI Act
 * Art. 50(1), (5)) is fixed text, never model output, and goes with every answer.
 */
export type UiLanguage = 'de' | 'en';

export interface UiStrings {
  disclosure: string;
  welcome: string;
  extractiveIntro: string;
  generatedNotice: string;
  translatedNotice: string;
  piiWarning: string;
  handover: {
    requested: string;
    crisis: string;
    violence: string;
    emergency: string;
    legal_dispute: string;
    staff_complaint: string;
    case_data: string;
    no_source: string;
    unsupported: string;
    model_error: string;
    injection: string;
  };
  tooLong: string;
  empty: string;
}

export const STRINGS: Record<UiLanguage, UiStrings> = {
  de: {
    disclosure:
      'Sie chatten mit einem automatischen Assistenten (KI), nicht mit einem Menschen. Er antwortet nur aus den Leistungsbeschreibungen der Stadt Musterstadt und kann Fehler machen; verbindlich sind die verlinkten Beschreibungen und die Auskunft der zuständigen Stelle. Bitte geben Sie keine persönlichen Daten ein.',
    welcome:
      'Guten Tag! Ich beantworte allgemeine Fragen zu den Leistungen der Stadt Musterstadt, zum Beispiel zu Personalausweis, Anmeldung, Wohngeld oder Kita. Zu Ihrem persönlichen Antrag kann ich nichts sagen. Wenn Sie lieber mit einem Menschen sprechen möchten, schreiben Sie das einfach.',
    extractiveIntro: 'Dazu steht in den Leistungsbeschreibungen der Stadt Musterstadt:',
    generatedNotice: 'Diese Antwort wurde automatisch aus den genannten Leistungsbeschreibungen erstellt und gegen sie geprüft.',
    translatedNotice: 'Übersetzt aus den deutschen Leistungsbeschreibungen; maßgeblich ist der deutsche Text.',
    piiWarning:
      'Ihre Nachricht scheint persönliche Daten zu enthalten. Bitte geben Sie hier keine persönlichen Daten ein – ich brauche sie nicht und gebe sie nicht weiter. Für Fragen zu Ihrem eigenen Fall wenden Sie sich bitte an die zuständige Stelle.',
    handover: {
      requested: 'Gern verbinde ich Sie mit Menschen aus der Stadtverwaltung. So erreichen Sie uns:',
      crisis:
        'Es tut mir leid, dass es Ihnen gerade so schwer geht. Ich bin ein automatischer Assistent und kann Ihnen dabei nicht helfen – aber Menschen können es, sofort und rund um die Uhr:',
      violence: 'Wenn Sie Gewalt erleben oder bedroht werden, holen Sie sich bitte Hilfe. Diese Stellen sind für Sie da:',
      emergency: 'Bei einem Notfall wählen Sie bitte sofort den Notruf:',
      legal_dispute:
        'Zu einem Rechtsstreit oder zu Ihrem konkreten Fall kann ich keine Auskunft geben. Bitte wenden Sie sich an die Stelle, die Ihren Bescheid erlassen hat, oder lassen Sie sich rechtlich beraten. Allgemeine Hinweise gibt diese Stelle:',
      staff_complaint: 'Ihre Beschwerde nehmen Menschen entgegen, die sich darum kümmern. So erreichen Sie das Beschwerdemanagement:',
      case_data:
        'Ich habe keinen Zugriff auf Anträge, Akten oder Daten einzelner Personen und kann deshalb nichts zum Stand Ihres Falls sagen. Bitte wenden Sie sich an die zuständige Stelle:',
      no_source:
        'Dazu habe ich in den Leistungsbeschreibungen der Stadt Musterstadt nichts gefunden. Ich antworte nur aus diesen Beschreibungen. Menschen aus der Stadtverwaltung helfen Ihnen gern weiter:',
      unsupported:
        'Ich konnte keine Antwort erstellen, die durch die Leistungsbeschreibungen vollständig belegt ist. Bitte lesen Sie die verlinkten Beschreibungen oder wenden Sie sich an die zuständige Stelle:',
      model_error: 'Der Assistent ist gerade nicht vollständig verfügbar. Bitte lesen Sie die verlinkten Beschreibungen oder wenden Sie sich an die zuständige Stelle:',
      injection:
        'Ihre Nachricht enthält Anweisungen an den Assistenten. Ich folge nur meinen festen Regeln und antworte ausschließlich aus den Leistungsbeschreibungen der Stadt Musterstadt.',
    },
    tooLong: 'Ihre Frage ist zu lang. Bitte fassen Sie sie in höchstens 1000 Zeichen.',
    empty: 'Bitte geben Sie eine Frage ein.',
  },
  en: {
    disclosure:
      'You are chatting with an automated assistant (AI), not a human. It answers only from the service descriptions of the City of Musterstadt and can make mistakes; the linked descriptions and the responsible office are authoritative. Please do not enter personal data.',
    welcome:
      'Hello! I answer general questions about the services of the City of Musterstadt, for example identity cards, registering your address, housing benefit or daycare. I cannot say anything about your personal application. If you would rather talk to a person, just say so.',
    extractiveIntro: 'The service descriptions of the City of Musterstadt (in German) say:',
    generatedNotice: 'This answer was generated automatically from the service descriptions cited and checked against them.',
    translatedNotice: 'Translated from the German service descriptions; the German text is authoritative.',
    piiWarning:
      'Your message seems to contain personal data. Please do not enter personal data here – I do not need it and do not pass it on. For questions about your own case, please contact the responsible office.',
    handover: {
      requested: 'Of course – here is how to reach people at the city administration:',
      crisis: 'I am sorry you are going through this. I am an automated assistant and cannot help with this – but people can, right now and around the clock:',
      violence: 'If you are experiencing violence or threats, please get help. These services are there for you:',
      emergency: 'In an emergency, please call the emergency number right away:',
      legal_dispute:
        'I cannot give information about a legal dispute or your specific case. Please contact the office that issued your decision or seek legal advice. General guidance is available here:',
      staff_complaint: 'Your complaint will be handled by people. You can reach the complaints office here:',
      case_data:
        'I have no access to applications, files or data of individual people, so I cannot tell you anything about your case. Please contact the responsible office:',
      no_source: 'I found nothing about this in the service descriptions of the City of Musterstadt, and I answer only from them. People at the city administration will be glad to help:',
      unsupported:
        'I could not produce an answer that is fully supported by the service descriptions. Please read the linked descriptions or contact the responsible office:',
      model_error: 'The assistant is not fully available right now. Please read the linked descriptions or contact the responsible office:',
      injection: 'Your message contains instructions to the assistant. I follow only my fixed rules and answer only from the service descriptions of the City of Musterstadt.',
    },
    tooLong: 'Your question is too long. Please keep it under 1000 characters.',
    empty: 'Please enter a question.',
  },
};
