import { invalidInput } from '../common/index.ts';
import { DATA_CLASSES, type DataClass } from '../drafting/index.ts';

/**
 * One municipality's model endpoint: any OpenAI-compatible server (vLLM, llama.cpp's
 * llama-server, Ollama's /v1). The API key is never part of the configuration that is
 * stored or shown: the configuration names an environment variable that holds it.
 */
export interface ModelEndpointConfig {
  id: string;
  baseUrl: string;
  model: string;
  /** Name of the environment variable with the API key (none for servers without auth). */
  apiKeyEnv: string | null;
  allowedDataClasses: DataClass[];
  timeoutMs: number;
  maxRetries: number;
  /** How the server takes a JSON schema: OpenAI's `json_schema`, llama.cpp's older `json_object` + schema, or not at all (prompt only; the answer is validated all the same). */
  structuredOutput: 'json_schema' | 'json_object' | 'prompt';
  embeddingModel: string | null;
}

function str(raw: Record<string, unknown>, key: string, path: string, required: boolean): string | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalidInput(`${path}.${key}`, 'Angabe fehlt.');
    return null;
  }
  if (typeof v !== 'string') throw invalidInput(`${path}.${key}`, 'muss eine Zeichenkette sein.');
  return v;
}

function int(raw: Record<string, unknown>, key: string, path: string, fallback: number, min: number, max: number): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalidInput(`${path}.${key}`, `muss eine ganze Zahl zwischen ${min} und ${max} sein.`);
  return v;
}

/** Validates a stored configuration; German errors name the field. */
export function modelEndpointConfig(raw: unknown, path = '$.model'): ModelEndpointConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalidInput(path, 'muss ein Objekt sein.');
  const r = raw as Record<string, unknown>;
  const baseUrl = str(r, 'baseUrl', path, true)!;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalidInput(`${path}.baseUrl`, 'ist keine gültige URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidInput(`${path}.baseUrl`, 'muss mit http:// oder https:// beginnen.');
  if (url.username || url.password) throw invalidInput(`${path}.baseUrl`, 'darf keine Zugangsdaten enthalten; den Schlüssel über apiKeyEnv angeben.');
  if ('apiKey' in r) throw invalidInput(`${path}.apiKey`, 'Schlüssel werden nicht in der Konfiguration gespeichert; den Namen einer Umgebungsvariablen in apiKeyEnv angeben.');
  const classes = r.allowedDataClasses ?? ['pseudonymisiert'];
  if (!Array.isArray(classes)) throw invalidInput(`${path}.allowedDataClasses`, 'muss eine Liste sein.');
  classes.forEach((c, i) => {
    if (!DATA_CLASSES.includes(c as DataClass)) throw invalidInput(`${path}.allowedDataClasses[${i}]`, `unbekannte Datenklasse; erlaubt: ${DATA_CLASSES.join(', ')}.`);
  });
  const apiKeyEnv = str(r, 'apiKeyEnv', path, false);
  if (apiKeyEnv !== null && !/^[A-Z_][A-Z0-9_]*$/.test(apiKeyEnv)) throw invalidInput(`${path}.apiKeyEnv`, 'muss der Name einer Umgebungsvariablen sein (Großbuchstaben, Ziffern, _).');
  const so = r.structuredOutput ?? 'json_schema';
  if (so !== 'json_schema' && so !== 'json_object' && so !== 'prompt') throw invalidInput(`${path}.structuredOutput`, 'muss json_schema, json_object oder prompt sein.');
  return {
    id: str(r, 'id', path, false) ?? url.host,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    model: str(r, 'model', path, true)!,
    apiKeyEnv,
    allowedDataClasses: classes as DataClass[],
    timeoutMs: int(r, 'timeoutMs', path, 60_000, 100, 600_000),
    maxRetries: int(r, 'maxRetries', path, 2, 0, 10),
    structuredOutput: so,
    embeddingModel: str(r, 'embeddingModel', path, false),
  };
}

/**
 * The endpoint from the environment (`AMTSKLAR_MODEL_BASE_URL`, `AMTSKLAR_MODEL`,
 * `AMTSKLAR_MODEL_API_KEY_ENV`, `AMTSKLAR_MODEL_DATA_CLASSES`, …), or null when no
 * model is configured — the product then drafts deterministically.
 */
export function modelEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): ModelEndpointConfig | null {
  if (!env.AMTSKLAR_MODEL_BASE_URL) return null;
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return modelEndpointConfig(
    {
      id: env.AMTSKLAR_MODEL_ID,
      baseUrl: env.AMTSKLAR_MODEL_BASE_URL,
      model: env.AMTSKLAR_MODEL,
      apiKeyEnv: env.AMTSKLAR_MODEL_API_KEY_ENV,
      allowedDataClasses: env.AMTSKLAR_MODEL_DATA_CLASSES?.split(',').map((s) => s.trim()).filter(Boolean),
      timeoutMs: num(env.AMTSKLAR_MODEL_TIMEOUT_MS),
      maxRetries: num(env.AMTSKLAR_MODEL_MAX_RETRIES),
      structuredOutput: env.AMTSKLAR_MODEL_STRUCTURED_OUTPUT,
      embeddingModel: env.AMTSKLAR_EMBEDDING_MODEL,
    },
    '$env.AMTSKLAR_MODEL',
  );
}
