/**
 * `amtsklar` — the command line. Each command is one file in ./commands that registers
 * itself on the program; add a command by adding one import and one line below.
 */
import { Command } from 'commander';
import { runCli } from './run.ts';
import { register as check } from './commands/check.ts';
import { register as decide } from './commands/decide.ts';
import { register as explain } from './commands/explain.ts';
import { register as replay } from './commands/replay.ts';
import { register as simulate } from './commands/simulate.ts';
import { register as whatIf } from './commands/what-if.ts';
import { register as modelServer } from './commands/model-server.ts';
import { register as ledger } from './commands/ledger.ts';
import { register as receipt } from './commands/receipt.ts';
import { register as witness } from './commands/witness.ts';
import { register as serve } from './commands/serve.ts';
import { register as worker } from './commands/worker.ts';
import { register as migrate } from './commands/migrate.ts';
import { register as seed } from './commands/seed.ts';
import { register as users } from './commands/users.ts';

const program = new Command('amtsklar')
  .description('Amtsklar – vertrauenswürdige KI für Kommunen: Regelwerke, Entscheidungen, Nachvollziehbarkeit')
  .showHelpAfterError('(„amtsklar --help“ zeigt alle Befehle)')
  .configureOutput({ outputError: (str, write) => write(str) });

for (const registerCommand of [decide, simulate, replay, check, explain, whatIf, modelServer, ledger, receipt, witness, serve, worker, migrate, seed, users]) registerCommand(program);

await runCli(program, process.argv);
