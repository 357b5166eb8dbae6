/**
 * `amtsklar` — the command line. Each command is one file in ./commands that registers
 * itself on the program. Only the invoked command's module is loaded, so `decide` does not
 * pay for the server's dependencies; `--help` loads them all.
 * Add a command: one line in COMMANDS.
 */
import { createRequire } from 'node:module';
import { Command, Help, type Argument, type Option } from 'commander';
import { germanUsageError } from './usage-errors.ts';
import { runCli } from './run.ts';

type Register = (program: Command) => void;

const COMMANDS: Record<string, () => Promise<{ register: Register }>> = {
  decide: () => import('./commands/decide.ts'),
  simulate: () => import('./commands/simulate.ts'),
  replay: () => import('./commands/replay.ts'),
  check: () => import('./commands/check.ts'),
  explain: () => import('./commands/explain.ts'),
  'what-if': () => import('./commands/what-if.ts'),
  schema: () => import('./commands/schema.ts'),
  mietenstufen: () => import('./commands/mietenstufen.ts'),
  'import-dmn': () => import('./commands/import-dmn.ts'),
  'model-server': () => import('./commands/model-server.ts'),
  ledger: () => import('./commands/ledger.ts'),
  keys: () => import('./commands/keys.ts'),
  receipt: () => import('./commands/receipt.ts'),
  witness: () => import('./commands/witness.ts'),
  serve: () => import('./commands/serve.ts'),
  worker: () => import('./commands/worker.ts'),
  migrate: () => import('./commands/migrate.ts'),
  seed: () => import('./commands/seed.ts'),
  users: () => import('./commands/users.ts'),
  register: () => import('./commands/register.ts'),
};

// `amtsklar decide … | head`: a reader that stops early is not an error of ours — end quietly
// instead of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// Settings before the commands are registered: commander copies them into each subcommand when it
// is created, so a usage error of `decide` also exits 2 with a German message.
const TITLES: Record<string, string> = { 'Usage:': 'Aufruf:', 'Options:': 'Optionen:', 'Arguments:': 'Argumente:', 'Commands:': 'Befehle:', 'Global Options:': 'Allgemeine Optionen:' };
const germanDefault = (text: string) => text.replace('(default: ', '(Standard: ').replace('(choices: ', '(möglich: ');
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
const program = new Command('amtsklar')
  .description('Amtsklar – vertrauenswürdige KI für Kommunen: Regelwerke, Entscheidungen, Nachvollziehbarkeit')
  .version(version, '-V, --version', 'Versionsnummer anzeigen')
  .helpOption('-h, --help', 'diese Hilfe anzeigen')
  .helpCommand('help [befehl]', 'Hilfe zu einem Befehl anzeigen')
  // the help in German, as every other message of the command line
  .configureHelp({
    styleTitle: (title: string) => TITLES[title] ?? title,
    optionDescription(this: Help, option: Option) {
      return germanDefault(Help.prototype.optionDescription.call(this, option));
    },
    argumentDescription(this: Help, argument: Argument) {
      return germanDefault(Help.prototype.argumentDescription.call(this, argument));
    },
  })
  .showHelpAfterError('(„amtsklar --help“ zeigt alle Befehle)')
  .configureOutput({ outputError: (str, write) => write(germanUsageError(str)) })
  .exitOverride();

const invoked = process.argv[2];
const wanted = invoked && COMMANDS[invoked] ? [COMMANDS[invoked]] : Object.values(COMMANDS);
for (const load of wanted) (await load()).register(program);

await runCli(program, process.argv);
