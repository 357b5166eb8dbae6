export { buildServer, REDACT, type BuildOptions } from './app.ts';
export { DEFAULT_SERVER_CONFIG, type ServerConfig, type ServerContext } from './context.ts';
export { validationProblems } from './errors.ts';
export { checkContent } from './documents.ts';
export { openPlatform, configFromEnv, installedEngine, type Platform, type PlatformOptions } from './platform.ts';
