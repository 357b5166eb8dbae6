/**
 * Real municipalities with their Mietenstufe (WoGV Anlage "ab 1. Januar 2023", valid
 * unchanged 2023–2026). Source: docs/wohngeld.md Kap. 6.3 of the shared domain brief
 * (AGS and Stufe from `nyko073006/wohngeld-rechner: data/mietstufen-2023.json`, several
 * confirmed by the official BMWSB examples). Taufkirchen (flagged there as doubtful) is
 * left out.
 */
export interface Municipality {
  ags: string;
  name: string;
  mietenstufe: number;
}

export const MUNICIPALITIES: readonly Municipality[] = [
  { ags: '09162000', name: 'München', mietenstufe: 7 },
  { ags: '09174115', name: 'Dachau', mietenstufe: 7 },
  { ags: '08111000', name: 'Stuttgart', mietenstufe: 6 },
  { ags: '02000000', name: 'Hamburg', mietenstufe: 6 },
  { ags: '09161000', name: 'Ingolstadt', mietenstufe: 5 },
  { ags: '09163000', name: 'Rosenheim', mietenstufe: 5 },
  { ags: '01002000', name: 'Kiel', mietenstufe: 5 },
  { ags: '01054103', name: 'Pellworm', mietenstufe: 5 },
  { ags: '11000000', name: 'Berlin', mietenstufe: 4 },
  { ags: '12054000', name: 'Potsdam', mietenstufe: 4 },
  { ags: '01003000', name: 'Lübeck', mietenstufe: 4 },
  { ags: '01001000', name: 'Flensburg', mietenstufe: 3 },
  { ags: '10041100', name: 'Saarbrücken', mietenstufe: 3 },
  { ags: '14713000', name: 'Leipzig', mietenstufe: 2 },
  { ags: '01051001', name: 'Albersdorf', mietenstufe: 1 },
  { ags: '09183112', name: 'Ampfing', mietenstufe: 1 },
];
