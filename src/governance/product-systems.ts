import type { Answers } from './classify.ts';
import type { IsoDate } from './dates.ts';
import { AUTOMATION_BASIS_FOR, type PackGovernanceInfo } from './packs.ts';
import type { AutomationBasis, Domain, RegisterEntryContent } from './register.ts';

/** What the product needs to know about the municipality to prefill its own register entries. */
export interface MunicipalityProfile {
  organization: string;
  area: string;
  contactEmail: string;
  contactPhone?: string;
  publicUrl?: string;
  sourceCodeUrl?: string;
  /** Department responsible for social benefits (Wohngeld). */
  benefitsDepartment: string;
  /** Department responsible for Kita fees (Jugendamt). */
  youthDepartment: string;
  /** Department running the citizen services (chatbot) and IT. */
  serviceDepartment: string;
  reviewDue: IsoDate;
  /** The language model behind drafting and the chatbot, if one is configured (OpenAI-compatible API). */
  languageModel?: { provider: string; model: string; version?: string };
}

export interface ProductSystem {
  id: string;
  kind: 'product';
  content: RegisterEntryContent;
  /** Answers to the classification questions as the product knows them; the municipality confirms them. */
  answers: Answers;
  reasoning: Record<string, string>;
}

const PACK_TITLES: Record<string, { name: string; domain: Domain; benefit: string; norm: string; persons: string[] }> = {
  wohngeld: { name: 'Wohngeld', domain: 'wohnen', benefit: 'Wohngeld nach dem Wohngeldgesetz', norm: 'Wohngeldgesetz (WoGG)', persons: ['Antragstellende Haushalte (Mieterinnen, Mieter, Eigentümerinnen, Eigentümer)', 'Haushaltsmitglieder'] },
  'kita-beitrag': { name: 'Kita-Beiträge', domain: 'familie-kinder-jugend', benefit: 'Elternbeiträge für Kindertageseinrichtungen nach der Beitragssatzung', norm: 'Beitragssatzung für Kindertageseinrichtungen; § 90 SGB VIII', persons: ['Eltern', 'Kinder in Kindertageseinrichtungen'] },
};

/** Per procedural law: the norm of the administrative act, its correction, and the answer to question D3. */
const PROCEDURE: Record<PackGovernanceInfo['procedureLaw'], { act: string; correction: string; d3: string }> = {
  'sgb-x': { act: '§ 31 SGB X', correction: '§§ 44 ff. SGB X', d3: 'va-sgb-x' },
  vwvfg: { act: '§ 35 VwVfG', correction: '§§ 48 f. VwVfG', d3: 'va-vwvfg' },
  ao: { act: '§ 118 AO', correction: '§§ 172 ff. AO', d3: 'va-ao' },
};

function objection(profile: MunicipalityProfile): string {
  return `Gegen jeden Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch eingelegt werden – schriftlich, zur Niederschrift oder online im Bürgerportal. Über den Widerspruch entscheidet eine andere Person als die, die den Bescheid erlassen hat. Fragen zum System: ${profile.contactEmail}.`;
}

function base(profile: MunicipalityProfile, department: string): Pick<RegisterEntryContent, 'organization' | 'department' | 'area' | 'contact' | 'objectionProcedure' | 'reviewDue'> & Partial<Pick<RegisterEntryContent, 'publicUrl' | 'sourceCodeUrl'>> {
  return {
    organization: profile.organization,
    department,
    area: profile.area,
    contact: { email: profile.contactEmail, ...(profile.contactPhone ? { phone: profile.contactPhone } : {}) },
    objectionProcedure: objection(profile),
    reviewDue: profile.reviewDue,
    ...(profile.publicUrl ? { publicUrl: profile.publicUrl } : {}),
    ...(profile.sourceCodeUrl ? { sourceCodeUrl: profile.sourceCodeUrl } : {}),
  };
}

function rulePack(profile: MunicipalityProfile, pack: PackGovernanceInfo): ProductSystem {
  const t = PACK_TITLES[pack.id] ?? { name: pack.id, domain: 'verwaltung-organisation' as Domain, benefit: `Entscheidungen nach dem Regelwerk ${pack.id}`, norm: pack.id, persons: ['Antragstellende Personen'] };
  const department = pack.id === 'kita-beitrag' ? profile.youthDepartment : profile.benefitsDepartment;
  const discretion = pack.discretionPoints.length > 0
    ? ` An ${pack.discretionPoints.length === 1 ? 'einer Stelle' : `${pack.discretionPoints.length} Stellen`} (${pack.discretionPoints.map((d) => d.norm).join(', ')}) entscheidet immer ein Mensch.`
    : '';
  return {
    id: `${pack.id}-regelwerk`,
    kind: 'product',
    content: {
      ...base(profile, department),
      name: `${t.name} berechnen (Regelwerk)`,
      shortDescription: `Das Regelwerk prüft Anträge auf ${t.benefit} und berechnet das Ergebnis nachvollziehbar. Eine Sachbearbeiterin oder ein Sachbearbeiter entscheidet.`,
      plainLanguage: `Wenn Sie einen Antrag stellen, rechnet ein Computer-Programm nach festen Regeln aus dem Gesetz aus, was Ihnen zusteht. Die Regeln haben Fachleute aus dem Gesetz übertragen. Das Programm lernt nicht selbst dazu. Jeder Rechenschritt nennt seinen Paragrafen. Eine Person aus der Verwaltung prüft das Ergebnis und entscheidet.${discretion}`,
      purpose: `Anträge auf ${t.benefit} schneller, einheitlich und nachvollziehbar prüfen; fehlende Angaben gezielt nachfordern; jede Entscheidung mit Rechenweg und Beleg erklären.`,
      domain: t.domain,
      legalBasis: [{ norm: t.norm }, { norm: PROCEDURE[pack.procedureLaw].act }],
      decisionProcess: `Der Antrag wird im Fachverfahren erfasst. Das Regelwerk (Version ${pack.version}) liefert eines von drei Ergebnissen: entschieden, fehlende Angaben (Nachforderung) oder menschliche Entscheidung nötig (Ermessen). Die zuständige Person prüft das Ergebnis, entscheidet Ermessenspunkte und erlässt den Bescheid.`,
      provider: { name: 'Amtsklar (Open Source), betrieben von der Kommune', inHouse: true },
      algorithmType: 'rule-based',
      useType: 'prescriptive',
      technicalDescription: `Regelwerk als Code: Entscheidungstabellen und FEEL-Ausdrücke (DMN), von Fachleuten aus dem Gesetz übertragen, mit Rechtsgrundlage und Geltungszeitraum je Regel und Parameter. Exakte Dezimalrechnung, deterministisch, nicht selbstlernend. Zu jeder Entscheidung entsteht ein Rechenweg (Trace) und ein Beleg mit Hashwerten, der das Nachrechnen erlaubt.`,
      data: {
        categories: ['Haushaltszusammensetzung', 'Einkommen', 'Wohnkosten', 'Anschrift'],
        sources: ['Antrag und Nachweise der antragstellenden Person'],
        personalData: true,
        specialCategories: false,
      },
      affectedPersons: t.persons,
      humanOversight: {
        description: 'Jede Entscheidung trifft eine Amtsperson; sie sieht den Rechenweg, kann abweichen und begründet Ermessensentscheidungen. Änderungen am Regelwerk werden fachlich geprüft und versioniert.',
        overseers: [],
      },
      risks: [
        { name: 'Fehler bei der Übertragung des Gesetzes', description: 'Eine Regel bildet das Gesetz falsch ab und führt zu falschen Beträgen.', mitigation: 'Testfälle aus amtlichen Beispielen, Vier-Augen-Prüfung jeder Regeländerung, Rückmeldungen aus Widersprüchen, Versionierung mit Beleg.' },
        { name: 'Mittelbare Benachteiligung', description: 'Regeln oder Eingaben treffen Gruppen ungleich.', mitigation: 'Fairness-Kennzahlen nach Gruppen mit Fallzahlen und exakten Tests; Gegenprobe mit vertauschten Merkmalen.' },
      ],
      proportionality: 'Die Berechnung folgt dem Gesetz und wird einheitlicher und schneller; Ermessen bleibt bei Menschen, und jede Entscheidung ist erklärt. Die Alternative, Handrechnung mit Tabellen, ist fehleranfälliger und schwerer nachzuvollziehen.',
      monitoring: 'Laufende Auswertung der Entscheidungen, Widersprüche und Abweichungen durch Sachbearbeitung; Fairness-Bericht vor dem Start und danach vierteljährlich.',
      rollback: `Jede Entscheidung ist mit Eingaben und Regelwerksversion nachrechenbar; fehlerhafte Bescheide werden nach ${PROCEDURE[pack.procedureLaw].correction} korrigiert.`,
      accountableRole: `Leitung ${department}`,
      links: { packs: [pack.id], features: [] },
    },
    answers: { S1: 'human-defined-rules', S2: 'none', R1: 'in-house', P1: ['none'], D1: 'yes', D2: 'L1', D3: PROCEDURE[pack.procedureLaw].d3, G1: 'personal', G2: 'yes', G3: 'yes', G4: 'yes' },
    reasoning: {
      S1: `Das Regelwerk ${pack.id} besteht aus Entscheidungstabellen und Formeln, die Fachleute aus ${t.norm} übertragen haben; es leitet nichts aus Daten ab und lernt nicht (ErwG 12 S. 2 KI-VO). Es gibt keine Gewichtung durch Modelle und keine Inferenzmaschine über eine Wissensbasis hinaus, die den Normtext abbildet.`,
    },
  };
}

function automation(profile: MunicipalityProfile, pack: PackGovernanceInfo): ProductSystem {
  const rp = rulePack(profile, pack);
  const basis = AUTOMATION_BASIS_FOR[pack.procedureLaw] as AutomationBasis;
  const discretion = pack.discretionPoints.length > 0;
  const answers: Answers = { S1: 'human-defined-rules', S2: 'none', R1: 'in-house', P1: ['none'], D1: 'yes', D2: 'L3', D3: PROCEDURE[pack.procedureLaw].d3, D4: discretion ? 'yes' : 'no', D5: 'cited', G1: 'personal', G2: 'yes', G3: 'yes', G4: 'yes' };
  const reasoning: Record<string, string> = {
    S1: rp.reasoning.S1!,
    D5: `${basis} lässt den vollautomatisierten Erlass zu, sofern kein Anlass besteht, den Einzelfall durch Amtsträger zu bearbeiten.`,
  };
  if (!discretion) reasoning.D4 = `Das Regelwerk ${pack.id} ${pack.version} enthält keine Ermessens- oder Beurteilungspunkte; Fälle mit besonderen Angaben gehen an eine Amtsperson.`;
  return {
    id: `${pack.id}-vollautomatisiert`,
    kind: 'product',
    content: {
      ...rp.content,
      name: `${PACK_TITLES[pack.id]?.name ?? pack.id}: vollautomatisierte Bescheide`,
      shortDescription: `Bescheide ohne Bearbeitung durch eine Amtsperson, nur wenn das Gesetz es zulässt, kein Ermessen besteht und der Antrag keine besonderen Angaben enthält.`,
      plainLanguage: `In einfachen Fällen kann der Bescheid ohne Bearbeitung durch eine Person ergehen. Das ist nur erlaubt, wenn das Gesetz es zulässt und nichts abzuwägen ist. Wenn Sie im Antrag etwas Besonderes angeben, bearbeitet immer eine Person Ihren Fall. Sie können jeden Bescheid mit einem Widerspruch prüfen lassen – dann entscheidet ein Mensch.`,
      decisionProcess: `Anträge, die das Regelwerk vollständig und ohne Ermessenspunkt entscheidet und die keine besonderen Angaben enthalten, erhalten einen automatisch erlassenen Bescheid (${basis}). Alle anderen Fälle und jeder Widerspruch gehen an eine Amtsperson; Stichproben werden menschlich geprüft.`,
      links: { packs: [pack.id], features: [{ feature: 'automated-decisions', packId: pack.id }] },
      automation: { packId: pack.id, legalBasis: basis },
    },
    answers,
    reasoning,
  };
}

function drafting(profile: MunicipalityProfile, packs: readonly PackGovernanceInfo[]): ProductSystem {
  const m = profile.languageModel;
  return {
    id: 'entwurfsassistent',
    kind: 'product',
    content: {
      ...base(profile, profile.benefitsDepartment),
      name: 'Bescheidtexte entwerfen (Entwurfsassistent)',
      shortDescription: 'Ein Sprachmodell formuliert erläuternde Textteile von Bescheiden und Nachforderungen. Beträge und verbindliche Teile kommen aus dem Regelwerk; eine geschulte Amtsperson prüft und gibt frei.',
      plainLanguage: 'Ein KI-Sprachmodell schlägt Formulierungen für Ihren Bescheid vor, damit er verständlicher wird. Es entscheidet nichts und rechnet nichts aus. Namen und Adressen sieht es nicht. Eine geschulte Person aus der Verwaltung prüft jeden Text, bevor er verschickt wird. Im Bescheid steht ein Hinweis, dass KI beim Formulieren geholfen hat.',
      purpose: 'Verständlichere Bescheide und Nachforderungen in kürzerer Zeit, ohne die Entscheidung aus der Hand zu geben.',
      domain: 'soziale-leistungen',
      legalBasis: [{ norm: '§ 35 SGB X (Begründung)' }, { norm: '§ 33 SGB X (Bestimmtheit und Form)' }],
      decisionProcess: 'Nach der Entscheidung erstellt Amtsklar den Bescheid aus festen Bausteinen und Daten des Regelwerks; das Sprachmodell formuliert nur erläuternde Teile über einen Datenschutzfilter (Platzhalter statt Namen). Eine Faktenprüfung vergleicht Zahlen und Normen mit der Berechnung. Eine Amtsperson mit gültigem Kompetenznachweis prüft und gibt frei; ohne Modell arbeitet das System mit Textbausteinen weiter.',
      provider: {
        name: m ? `${m.provider} (Modell), Amtsklar (Anwendung)` : 'Amtsklar (Anwendung); Modell nach Konfiguration',
        inHouse: true,
        ...(m ? { model: m.model, ...(m.version ? { modelVersion: m.version } : {}) } : {}),
      },
      algorithmType: 'hybrid',
      useType: 'prescriptive',
      technicalDescription: 'Großes Sprachmodell über eine OpenAI-kompatible Schnittstelle (selbstlernend trainiert vom Modellanbieter, im Betrieb nicht weiter trainiert), eingebettet in feste Textbausteine, Datenschutzfilter für personenbezogene Angaben und eine regelbasierte Faktenprüfung.',
      data: {
        categories: ['Entscheidungsergebnis und Begründungsdaten', 'Pseudonymisierte Falldaten'],
        sources: ['Regelwerksergebnis', 'Fallakte (über Datenschutzfilter)'],
        personalData: true,
        specialCategories: false,
        trainingData: 'Vom Modellanbieter trainiertes allgemeines Sprachmodell; die Kommune trainiert nicht nach und gibt keine Falldaten zum Training weiter. Angaben zu den Trainingsdaten nach Art. 53 Abs. 1 Buchst. b KI-VO beim Modellanbieter.',
      },
      affectedPersons: ['Empfängerinnen und Empfänger von Bescheiden und Nachforderungen', 'Sachbearbeitung'],
      humanOversight: { description: 'Jeder Entwurf wird von einer Amtsperson mit gültigem Kompetenznachweis geprüft und freigegeben; die Freigabe wird mit Name und Text-Hash protokolliert. Entwürfe mit Abweichungen in der Faktenprüfung werden angehalten.', overseers: [] },
      risks: [
        { name: 'Erfundene Tatsachen oder Normen', description: 'Das Modell formuliert Aussagen, die nicht in der Akte stehen.', mitigation: 'Verbindliche Teile aus Bausteinen, Faktenprüfung gegen Berechnung und Normenliste, Pflichtprüfung durch geschulte Person.' },
        { name: 'Verzerrte Sprache', description: 'Ton oder Wortwahl unterscheidet sich je nach Name oder Herkunft.', mitigation: 'Pseudonymisierung vor dem Modell, Gegenproben mit vertauschten Namen, Rückmeldungen auswerten.' },
        { name: 'Datenabfluss', description: 'Personenbezogene Daten erreichen den Modellanbieter.', mitigation: 'Datenschutzfilter mit Platzhaltern, Auftragsverarbeitung, Betrieb ohne Modell möglich.' },
      ],
      proportionality: 'Bessere Verständlichkeit und Entlastung der Sachbearbeitung bei voller menschlicher Kontrolle; Alternative sind feste Textbausteine, die weiterhin als Rückfallebene dienen.',
      monitoring: 'Anteil angehaltener und überarbeiteter Entwürfe, Rückmeldungen von Bürgerinnen, Bürgern und Beschäftigten, Gegenproben auf Verzerrungen; monatliche Auswertung.',
      rollback: 'Abschalten der Funktion im Register; Bescheide entstehen dann aus festen Textbausteinen.',
      accountableRole: `Leitung ${profile.benefitsDepartment}`,
      links: { packs: packs.map((p) => p.id), features: [{ feature: 'drafting' }] },
    },
    answers: { S1: 'learned-model', S2: 'none', S3: 'uses-gpai', R1: 'in-house', P1: ['none'], H1: ['5a-public-benefits'], H2: 'no', H3: 'preparatory', H4: 'no', T1: 'no', T2: 'yes', T3: 'no', T4: 'no', T5: 'no', D1: 'yes', D2: 'L1', D3: 'va-sgb-x', G1: 'personal', G2: 'yes', G3: 'yes', G4: 'yes', G5: 'no' },
    reasoning: {
      H3: 'Der Assistent formuliert nur Text zu einer bereits getroffenen Entscheidung; er bewertet keine Berechtigung und beeinflusst das Ergebnis nicht. Beträge und Tenor stammen aus dem Regelwerk, eine Amtsperson prüft jeden Text (Art. 6 Abs. 3 UAbs. 2 Buchst. d KI-VO).',
    },
  };
}

function chatbot(profile: MunicipalityProfile): ProductSystem {
  const m = profile.languageModel;
  return {
    id: 'buerger-chatbot',
    kind: 'product',
    content: {
      ...base(profile, profile.serviceDepartment),
      name: 'Fragen zu Leistungen beantworten (Chatbot)',
      shortDescription: 'Ein Chatbot beantwortet allgemeine Fragen zu Wohngeld und Kita-Beiträgen auf Grundlage der veröffentlichten Leistungsbeschreibungen. Er entscheidet nichts über Anträge.',
      plainLanguage: 'Sie können einem Chatbot Fragen stellen, zum Beispiel: „Welche Unterlagen brauche ich für Wohngeld?“. Der Chatbot ist eine KI. Er antwortet nur mit Informationen aus den Seiten der Stadt und nennt die Quelle. Er entscheidet nicht über Ihren Antrag. Geben Sie bitte keine persönlichen Daten ein. Sie können jederzeit eine Person erreichen.',
      purpose: 'Schnelle, verständliche Antworten auf häufige Fragen rund um die Uhr; Entlastung der Telefonzentrale.',
      domain: 'verwaltung-organisation',
      legalBasis: [{ norm: '§ 15 SGB I (Auskunft)' }, { norm: '§ 25 VwVfG (Beratung, Auskunft)' }],
      decisionProcess: 'Der Chatbot sucht passende Stellen in den Leistungsbeschreibungen und formuliert daraus eine Antwort mit Quellenangabe. Er ist nicht Teil der Antragsentscheidung.',
      provider: {
        name: m ? `${m.provider} (Modell), Amtsklar (Anwendung)` : 'Amtsklar (Anwendung); Modell nach Konfiguration',
        inHouse: true,
        ...(m ? { model: m.model, ...(m.version ? { modelVersion: m.version } : {}) } : {}),
      },
      algorithmType: 'hybrid',
      useType: 'descriptive',
      technicalDescription: 'Suche in den Leistungsbeschreibungen (Volltext und Vektoren) und Antwort eines großen Sprachmodells nur aus den gefundenen Stellen, mit Schutz gegen eingeschleuste Anweisungen und Filter für personenbezogene Eingaben.',
      data: {
        categories: ['Fragen der Nutzerinnen und Nutzer', 'Leistungsbeschreibungen der Stadt'],
        sources: ['Eingaben im Chat', 'Veröffentlichte Leistungsbeschreibungen'],
        personalData: true,
        specialCategories: false,
        trainingData: 'Vom Modellanbieter trainiertes allgemeines Sprachmodell; keine Nachschulung mit Chatverläufen.',
      },
      affectedPersons: ['Bürgerinnen und Bürger, die Fragen stellen'],
      humanOversight: { description: 'Das Team Bürgerservice wertet Rückmeldungen und Stichproben aus, pflegt die Leistungsbeschreibungen und kann den Chatbot jederzeit abschalten.', overseers: [] },
      risks: [
        { name: 'Falsche Auskunft', description: 'Der Chatbot gibt eine Antwort, die nicht den Leistungsbeschreibungen entspricht.', mitigation: 'Antworten nur aus gefundenen Quellen mit Angabe, Hinweis auf Unverbindlichkeit, Weg zu einer Person, Auswertung von Rückmeldungen.' },
        { name: 'Eingabe persönlicher Daten', description: 'Nutzende geben Namen oder Gesundheitsdaten ein.', mitigation: 'Hinweis vor dem Chat, Filter ersetzt erkannte Angaben, kurze Speicherfrist.' },
      ],
      proportionality: 'Allgemeine Auskünfte rund um die Uhr bei geringem Risiko; keine Entscheidung über Personen. Alternative: Telefon und FAQ-Seite bleiben bestehen.',
      monitoring: 'Rückmeldungen zu jeder Antwort, Anteil unbeantworteter Fragen, monatliche Stichproben.',
      rollback: 'Abschalten im Register; die Seite verweist dann auf Telefon und Formulare.',
      accountableRole: `Leitung ${profile.serviceDepartment}`,
      links: { packs: [], features: [{ feature: 'chatbot' }] },
    },
    answers: { S1: 'learned-model', S2: 'none', S3: 'uses-gpai', R1: 'in-house', P1: ['none'], H1: ['none'], H4: 'no', T1: 'yes', T2: 'yes', T3: 'no', T4: 'no', T5: 'no', D1: 'no', G1: 'personal', G2: 'no', G3: 'no', G4: 'yes' },
    reasoning: {},
  };
}

function fairnessMonitoring(profile: MunicipalityProfile, packs: readonly PackGovernanceInfo[]): ProductSystem {
  return {
    id: 'fairness-monitoring',
    kind: 'product',
    content: {
      ...base(profile, profile.serviceDepartment),
      name: 'Entscheidungen auf Fairness prüfen (Fairness-Monitoring)',
      shortDescription: 'Vergleicht Ergebnisse der Entscheidungen zwischen Gruppen mit Fallzahlen und statistischen Tests, um mögliche Benachteiligungen zu erkennen.',
      plainLanguage: 'Die Stadt prüft regelmäßig, ob Entscheidungen verschiedene Gruppen ungleich treffen, zum Beispiel nach Alter oder Geschlecht. Dazu werden Zahlen verglichen. Einzelne Personen werden dabei nicht bewertet, und kleine Gruppen werden nicht gezeigt.',
      purpose: 'Mögliche Benachteiligungen früh erkennen und Regeln oder Abläufe korrigieren.',
      domain: 'verwaltung-organisation',
      legalBasis: [{ norm: '§ 1 AGG' }, { norm: 'Art. 3 Abs. 3 GG' }, { norm: 'Art. 26 Abs. 4 KI-VO (für Hochrisiko-Systeme)' }],
      decisionProcess: 'Das Monitoring liest die Entscheidungsdatensätze (ohne Klardaten), berechnet Kennzahlen je Gruppe und legt einen signierten Bericht vor. Über Folgen entscheiden die Verantwortlichen der Fachbereiche.',
      provider: { name: 'Amtsklar (Open Source), betrieben von der Kommune', inHouse: true },
      algorithmType: 'rule-based',
      useType: 'diagnostic',
      technicalDescription: 'Beschreibende Statistik und exakte Tests (Quoten, Differenzen, Verhältnisse, Vertrauensbereiche, Fisher-Test) mit Unterdrückung kleiner Zellen; kein Lernen, keine Vorhersage über Personen.',
      data: {
        categories: ['Entscheidungsergebnisse', 'Gruppenmerkmale in pseudonymisierter Form'],
        sources: ['Entscheidungsdatensätze der Regelwerke'],
        personalData: true,
        specialCategories: false,
      },
      affectedPersons: ['Antragstellende Personen (statistisch, nicht einzeln)'],
      humanOversight: { description: 'Berichte werden von der Fachaufsicht und der oder dem Datenschutzbeauftragten gelesen und bewertet.', overseers: [] },
      risks: [{ name: 'Fehlinterpretation kleiner Zahlen', description: 'Zufällige Unterschiede werden als Benachteiligung gelesen oder umgekehrt.', mitigation: 'Fallzahlen, Vertrauensbereiche und exakte Tests; keine automatische Bewertung als „fair“.' }],
      proportionality: 'Notwendig, um Benachteiligung erkennen zu können; arbeitet nur mit Zahlen über Gruppen.',
      monitoring: 'Vierteljährliche Berichte; Prüfung der Methode bei jeder Änderung.',
      accountableRole: 'Leitung Organisation und Digitalisierung',
      links: { packs: packs.map((p) => p.id), features: [] },
    },
    answers: { S1: 'basic-data-processing', S2: 'none', R1: 'in-house', P1: ['none'], D1: 'no', G1: 'personal', G2: 'no', G3: 'no', G4: 'yes' },
    reasoning: { S1: 'Das Monitoring berechnet beschreibende Statistiken und Tests über Entscheidungen; es leitet keine Ausgaben über einzelne Personen ab (Leitlinien der Kommission, grundlegende Datenverarbeitung).' },
  };
}

/**
 * The product's own systems as register entries with prefilled classification answers:
 * per rule pack its rule engine and its fully automated decisions, the drafting assistant,
 * the citizen chatbot and fairness monitoring. The municipality reviews, names overseers
 * and confirms the answers before anything can be activated.
 */
export function productSystems(profile: MunicipalityProfile, packs: readonly PackGovernanceInfo[]): ProductSystem[] {
  return [
    ...packs.map((p) => rulePack(profile, p)),
    // Under the VwVfG full automation needs an enabling provision the product cannot know;
    // such an entry is entered by hand with that provision.
    ...packs.filter((p) => p.procedureLaw !== 'vwvfg').map((p) => automation(profile, p)),
    drafting(profile, packs),
    chatbot(profile),
    fairnessMonitoring(profile, packs),
  ];
}
