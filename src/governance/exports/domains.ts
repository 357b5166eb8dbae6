import type { Domain } from '../register.ts';

/** Our policy domains on the theme lists of the standards. */
export const DOMAIN_MAP: Record<Domain, { nl: string; eurocities: string; de: string }> = {
  'soziale-leistungen': { nl: 'Sociale zekerheid', eurocities: 'subsidies, benefits and allowances', de: 'Soziale Leistungen' },
  wohnen: { nl: 'Wonen', eurocities: 'housing, living and living environment', de: 'Wohnen' },
  'familie-kinder-jugend': { nl: 'Sociale zekerheid', eurocities: 'family, youth and households', de: 'Familie, Kinder und Jugend' },
  bildung: { nl: 'Onderwijs en wetenschap', eurocities: 'education and science', de: 'Bildung' },
  'arbeit-personal': { nl: 'Werk', eurocities: 'work and career', de: 'Arbeit und Personal' },
  verkehr: { nl: 'Verkeer', eurocities: 'traffic and transportation', de: 'Verkehr' },
  'umwelt-energie': { nl: 'Natuur en milieu', eurocities: 'environment, spacial planning and water', de: 'Umwelt und Energie' },
  'oeffentliche-sicherheit': { nl: 'Openbare orde en veiligheid', eurocities: 'public safety', de: 'Öffentliche Sicherheit' },
  migration: { nl: 'Migratie en integratie', eurocities: 'immigration and integration', de: 'Migration und Integration' },
  gesundheit: { nl: 'Zorg en gezondheid', eurocities: 'health and health care', de: 'Gesundheit' },
  'finanzen-steuern': { nl: 'Overheidsfinanciën', eurocities: 'taxes', de: 'Finanzen und Steuern' },
  'kultur-freizeit': { nl: 'Cultuur en recreatie', eurocities: 'culture, sports and leisure', de: 'Kultur und Freizeit' },
  wirtschaft: { nl: 'Economie', eurocities: 'economy and entrepreneurship', de: 'Wirtschaft' },
  'bauen-planen': { nl: 'Ruimte en infrastructuur', eurocities: 'environment, spacial planning and water', de: 'Bauen und Planen' },
  'verwaltung-organisation': { nl: 'Organisatie en bedrijfsvoering', eurocities: 'government', de: 'Verwaltung und Organisation' },
};
