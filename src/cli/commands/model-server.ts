import type { Command } from 'commander';
import { behaviours, startTestModelServer, type Behaviour } from '../../model-client/index.ts';
import { parsePort } from '../io.ts';
import { ExitStatus } from '../run.ts';

function behaviourFrom(opts: { answer?: string; mode: string; delay?: string; fail?: string }): Behaviour {
  let b: Behaviour;
  switch (opts.mode) {
    case 'schema':
      b = behaviours.defaultBehaviour;
      break;
    case 'canned':
      b = behaviours.canned(opts.answer ?? 'Testantwort');
      break;
    case 'injection':
      b = behaviours.followsInjections();
      break;
    case 'writer':
      b = behaviours.plainLanguageWriter();
      break;
    default:
      throw new ExitStatus(2);
  }
  if (opts.delay) b = behaviours.delayed(Number(opts.delay), b);
  if (opts.fail) b = behaviours.failing(Number(opts.fail), 503, b);
  return b;
}

/** `amtsklar model-server`: the protocol-faithful local test model server, for manual use and the sandbox. */
export function register(program: Command): void {
  program
    .command('model-server')
    .description('Startet den lokalen OpenAI-kompatiblen Testmodellserver (ohne Modellgewichte, skriptbar, zeichnet jede Anfrage auf)')
    .option('--host <host>', 'Adresse', '127.0.0.1')
    .option('--port <port>', 'Port (0 = frei wählen)', '8089')
    .option('--model <name...>', 'angebotene Modellnamen', ['amtsklar-test'])
    .option('--api-key-env <var>', 'Umgebungsvariable mit dem verlangten API-Schlüssel')
    .option('--mode <mode>', 'schema (gültige Antwort zum Schema/Echo), canned (feste Antwort), writer (schreibt Entwürfe aus den Platzhaltern), injection (folgt eingeschleusten Anweisungen)', 'schema')
    .option('--answer <text>', 'feste Antwort für --mode canned')
    .option('--delay <ms>', 'Verzögerung je Antwort in Millisekunden')
    .option('--fail <n>', 'die ersten n Anfragen mit 503 beantworten')
    .option('--log-bodies', 'Anfragen vollständig auf stderr ausgeben')
    .action(async (opts: { host: string; port: string; model: string[]; apiKeyEnv?: string; mode: string; answer?: string; delay?: string; fail?: string; logBodies?: boolean }) => {
      if (!['schema', 'canned', 'writer', 'injection'].includes(opts.mode)) {
        process.stderr.write(`Fehler: --mode „${opts.mode}" ist unbekannt (schema, canned, writer, injection).\n`);
        throw new ExitStatus(2);
      }
      const port = parsePort(opts.port);
      const apiKey = opts.apiKeyEnv ? process.env[opts.apiKeyEnv] : undefined;
      if (opts.apiKeyEnv && !apiKey) {
        process.stderr.write(`Fehler: Die Umgebungsvariable ${opts.apiKeyEnv} ist nicht gesetzt.\n`);
        throw new ExitStatus(2);
      }
      const server = await startTestModelServer({ host: opts.host, port, models: opts.model, apiKey, behaviour: behaviourFrom(opts) });
      process.stdout.write(`Testmodellserver läuft: ${server.baseUrl} (Modelle: ${opts.model.join(', ')})\n`);
      let seen = 0;
      const timer = setInterval(() => {
        for (; seen < server.requests.length; seen++) {
          const r = server.requests[seen]!;
          process.stderr.write(`${r.at} ${r.method} ${r.path} ${r.rawBody.length} Bytes\n`);
          if (opts.logBodies) process.stderr.write(`${r.rawBody}\n`);
        }
      }, 200);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      clearInterval(timer);
      await server.close();
    });
}
