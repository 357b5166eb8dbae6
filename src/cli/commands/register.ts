import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import {
  FEATURES,
  exportEurocities,
  exportEurocitiesCsv,
  exportNlAlgoritmeregister,
  exportUkAtrs,
  obligationStatuses,
  productSystems,
  type ExportInput,
  type ExportResult,
  type FeatureKey,
} from '../../governance/index.ts';
import { configFromEnv, installedEngine } from '../../server/index.ts';
import { GovernanceStore, defaultDataDir, migrate, openLedger, openStore, packGovernanceInfo, type Db, type GovernanceActor } from '../../store/index.ts';
import { ExitStatus } from '../run.ts';

/** The operator at the command line acts as the system with administrator rights. */
const CLI: GovernanceActor = { kind: 'system', id: 'cli', role: 'admin', name: 'Kommandozeile' };

const EXPORTERS: Record<string, (i: ExportInput) => ExportResult> = {
  'nl-algoritmeregister': exportNlAlgoritmeregister,
  eurocities: exportEurocities,
  'uk-atrs': exportUkAtrs,
};

async function withStore<T>(fn: (store: GovernanceStore) => Promise<T>): Promise<T> {
  const env = configFromEnv();
  const db: Db = await openStore(env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() });
  try {
    await migrate(db);
    return await fn(new GovernanceStore({ db, ledger: openLedger(db), packs: packGovernanceInfo(installedEngine()) }));
  } finally {
    await db.close();
  }
}

async function exportInput(store: GovernanceStore, m: string, id: string): Promise<ExportInput> {
  const s = await store.state(m, id);
  if (!s.classification) throw new AmtsklarError('invalid_input', `„${s.entry.name}“ ist noch nicht klassifiziert.`, [{ path: id, message: 'Klassifizierung fehlt' }]);
  return { entry: s.entry, classification: s.classification, bundle: s.bundle, at: new Date().toISOString() };
}

/** `amtsklar register list|show|seed-product|export|gate` — the AI register from the command line. */
export function register(program: Command): void {
  const reg = program.command('register').description('KI-Register: Einträge, Klassen, offene Pflichten, Exporte, Schranken').option('--gemeinde <id>', 'Gemeinde', process.env.AMTSKLAR_MUNICIPALITY ?? 'musterstadt');
  const m = () => (reg.opts() as { gemeinde: string }).gemeinde;

  reg.command('list').description('Einträge mit Status, Klasse und offenen Pflichten').action(() =>
    withStore(async (store) => {
      const [states, world] = await Promise.all([store.states(m()), store.world(m())]);
      for (const s of states) {
        const open = obligationStatuses(s, world)?.filter((o) => o.blocking).map((o) => o.id);
        console.log([s.entry.id, s.entry.status, s.classification?.riskClass ?? 'nicht klassifiziert', open ? `offen: ${open.join(', ') || '–'}` : 'Klassifizierung veraltet', s.entry.name].join('\t'));
      }
    }),
  );

  reg.command('show').description('Ein Eintrag mit Klassifizierung, Pflichten und Aktivierungsprüfung (JSON)').argument('<id>').action((id: string) =>
    withStore(async (store) => {
      console.log(JSON.stringify(await store.detail(m(), id), null, 2));
    }),
  );

  reg
    .command('seed-product')
    .description('Die Systeme des Produkts als Entwürfe anlegen und vorläufig klassifizieren (vorhandene bleiben unverändert)')
    .requiredOption('--organisation <name>', 'Name der Kommune, z. B. „Stadt Musterstadt“')
    .requiredOption('--email <adresse>', 'Kontakt für Fragen zum Register')
    .option('--gebiet <name>', 'Gebiet (sonst der Name der Kommune)')
    .option('--sozialamt <name>', 'Zuständig für Wohngeld', 'Amt für Soziales und Wohnen')
    .option('--jugendamt <name>', 'Zuständig für Kita-Beiträge', 'Jugendamt')
    .option('--buergerservice <name>', 'Zuständig für Chatbot und Monitoring', 'Bürgerservice')
    .option('--ueberpruefung <datum>', 'Nächste Überprüfung (JJJJ-MM-TT); sonst in einem Jahr')
    .action((o: { organisation: string; email: string; gebiet?: string; sozialamt: string; jugendamt: string; buergerservice: string; ueberpruefung?: string }) =>
      withStore(async (store) => {
        const existing = new Set((await store.entries(m())).map((r) => r.entry.id));
        const next = new Date();
        next.setUTCFullYear(next.getUTCFullYear() + 1);
        const profile = {
          organization: o.organisation,
          area: o.gebiet ?? o.organisation,
          contactEmail: o.email,
          benefitsDepartment: o.sozialamt,
          youthDepartment: o.jugendamt,
          serviceDepartment: o.buergerservice,
          reviewDue: o.ueberpruefung ?? next.toISOString().slice(0, 10),
        };
        for (const s of productSystems(profile, store.installedPacks())) {
          if (existing.has(s.id)) {
            console.log(`${s.id}\tvorhanden`);
            continue;
          }
          await store.createEntry(m(), CLI, { id: s.id, kind: s.kind, content: s.content });
          const c = await store.classify(m(), CLI, s.id, { answers: s.answers, reasoning: s.reasoning });
          console.log(`${s.id}\tangelegt\t${c.riskClass}`);
        }
      }),
    );

  reg
    .command('export')
    .description('Eintrag nach Register-Standard exportieren (geprüft gegen die Feldliste; Exit 1, wenn die Prüfung Mängel findet)')
    .argument('<ids...>', 'Einträge (bei --csv mehrere)')
    .requiredOption('--standard <name>', `${Object.keys(EXPORTERS).join(' | ')}`)
    .option('--csv', 'CSV nach der Eurocities-Vorlage (nur --standard eurocities)')
    .action((ids: string[], o: { standard: string; csv?: boolean }) =>
      withStore(async (store) => {
        const exporter = EXPORTERS[o.standard];
        if (!exporter) throw new AmtsklarError('invalid_input', `Unbekannter Standard „${o.standard}“. Möglich: ${Object.keys(EXPORTERS).join(', ')}`, [{ path: '--standard', message: 'unbekannt' }]);
        const inputs = await Promise.all(ids.map((id) => exportInput(store, m(), id)));
        let validation;
        if (o.csv) {
          if (o.standard !== 'eurocities') throw new AmtsklarError('invalid_input', 'CSV gibt es nur für den Eurocities-Standard.', [{ path: '--csv', message: 'nur mit --standard eurocities' }]);
          const r = exportEurocitiesCsv(inputs);
          process.stdout.write(r.csv);
          validation = r.validation;
        } else {
          const results = inputs.map(exporter);
          console.log(JSON.stringify(results.length === 1 ? results[0]!.record : results.map((r) => r.record), null, 2));
          validation = { valid: results.every((r) => r.validation.valid), problems: results.flatMap((r) => r.validation.problems) };
        }
        for (const p of validation.problems) process.stderr.write(`Feldliste: ${p.path}: ${p.message}\n`);
        if (!validation.valid) throw new ExitStatus(1);
      }),
    );

  reg
    .command('gate')
    .description('Darf eine KI-Funktion jetzt laufen? (Exit 1 mit den Gründen, wenn nicht)')
    .argument('<feature>', FEATURES.join(' | '))
    .option('--pack <id>', 'Regelwerk (für automated-decisions)')
    .action((feature: string, o: { pack?: string }) => {
      if (!(FEATURES as readonly string[]).includes(feature)) throw new AmtsklarError('invalid_input', `Unbekannte Funktion „${feature}“. Möglich: ${FEATURES.join(', ')}`, [{ path: 'feature', message: 'unbekannt' }]);
      return withStore(async (store) => {
        const d = await store.gate(m(), { feature: feature as FeatureKey, ...(o.pack ? { packId: o.pack } : {}) });
        if (d.allowed) {
          console.log(`${d.subject} ist freigegeben (${d.entryIds.join(', ')}).`);
          return;
        }
        console.log(d.message);
        throw new ExitStatus(1);
      });
    });
}
