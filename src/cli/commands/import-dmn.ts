/**
 * `amtsklar import-dmn MODELL.dmn --id ID --valid-from DATUM --out VERZEICHNIS`: a DMN 1.1–1.5
 * decision model becomes a rule pack (inputs from inputData, rules from decision tables and
 * literal expressions, the requirement graph through the names they use). Experts then add the
 * legal references; `amtsklar check` shows what is still missing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { checkPack, dmnToPackFiles, parseDmn } from '../../engine/index.ts';
import { readText } from '../io.ts';

export function register(program: Command): void {
  program
    .command('import-dmn')
    .description('Übernimmt ein DMN-Entscheidungsmodell (DMN 1.1–1.5) als Regelwerk')
    .argument('<modell>', 'DMN-XML-Datei')
    .requiredOption('--id <id>', 'Kennung des neuen Regelwerks')
    .requiredOption('--out <verzeichnis>', 'Zielverzeichnis (wird angelegt, darf nicht existieren)')
    .option('--valid-from <datum>', 'gilt ab', new Date().toISOString().slice(0, 10))
    .option('--norm <text>', 'vorläufige Rechtsgrundlage für alle Elemente')
    .action((file: string, opts: { id: string; out: string; validFrom: string; norm?: string }) => {
      if (existsSync(opts.out)) throw new AmtsklarError('invalid_input', `Zielverzeichnis ${opts.out} existiert schon`, [{ path: '--out', message: 'existiert schon' }]);
      const files = dmnToPackFiles(parseDmn(readText(file), file), { id: opts.id, validFrom: opts.validFrom, ...(opts.norm ? { norm: opts.norm } : {}) });
      const report = checkPack(files);
      // the draft's placeholder legal references are for the rule experts to fill in; `check` names them
      const errors = report.findings.filter((f) => f.severity === 'error' && f.check !== 'norm');
      if (errors.length > 0) throw new AmtsklarError('invalid_pack', 'Das übernommene Modell ergibt kein gültiges Regelwerk', errors.map((f) => ({ path: f.where, message: f.message })));
      for (const [path, text] of files) {
        mkdirSync(dirname(join(opts.out, path)), { recursive: true });
        writeFileSync(join(opts.out, path), text);
      }
      const open = report.findings.filter((f) => f.check === 'norm').length;
      process.stdout.write(`Regelwerk ${opts.id} in ${opts.out} angelegt (${files.size} Dateien). ${open} Rechtsgrundlagen sind noch zu ergänzen, bevor das Regelwerk die Prüfung besteht: „npx amtsklar check ${opts.out}“.\n`);
    });
}
