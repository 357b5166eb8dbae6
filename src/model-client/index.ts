export { OpenAiCompatibleClient, ModelError, type ChatMessage, type ChatRequest, type ChatResult, type ModelErrorKind, type StreamEvent } from './client.ts';
export { modelEndpointConfig, modelEndpointFromEnv, type ModelEndpointConfig } from './config.ts';
export { startTestModelServer, embeddingFor, type RecordedRequest, type TestModelServer, type TestModelServerOptions } from './test-server/server.ts';
export * as behaviours from './test-server/behaviours.ts';
export type { Behaviour, ChatRequestBody, Reply, ScriptContext } from './test-server/behaviours.ts';
export { valueForSchema } from './test-server/schema-value.ts';
