import type { Command } from 'commander';
import { checkPack } from '../../engine/index.ts';
import { packDir, readPackFiles } from '../../pack-files/index.ts';
import { ExitStatus } from '../run.ts';

export function register(program: Command): void {
  program
    .command('check')
    .description('Prüft ein Regelwerk: Rechtsgrundlagen, Gültigkeitszeiträume, Zirkel, Namen, sensible Merkmale, Testfälle')
    .argument('<pack>', 'Regelwerk (Kennung oder Verzeichnis)')
    .option('--json', 'Bericht als JSON')
    .action((ref: string, opts: { json?: boolean }) => {
      const report = checkPack(readPackFiles(packDir(ref)));
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        for (const f of report.findings) process.stdout.write(`${f.severity === 'error' ? 'FEHLER ' : 'Hinweis'} [${f.check}] ${f.where}: ${f.message}\n`);
        const passed = report.tests.filter((t) => t.passed).length;
        process.stdout.write(`${report.pack} ${report.release}: ${report.ok ? 'in Ordnung' : 'fehlerhaft'} – ${report.findings.filter((f) => f.severity === 'error').length} Fehler, ${report.findings.filter((f) => f.severity === 'warning').length === 1 ? '1 Hinweis' : `${report.findings.filter((f) => f.severity === 'warning').length} Hinweise`}, Testfälle ${passed}/${report.tests.length} bestanden\n`);
      }
      if (!report.ok) throw new ExitStatus(2);
    });
}
