import type { ChatModel, ChatReply, ChatRequest } from '../../assistant/index.ts';
import type { OpenAiCompatibleClient } from '../../model-client/index.ts';

/**
 * The assistant's model ports over the OpenAI-compatible client. The citizen channel sends
 * only public content and the citizen's question after the privacy guard replaced personal
 * data, so it runs under the data class `oeffentlich`; an endpoint not released for that
 * class receives nothing.
 */
export function assistantChatModel(client: OpenAiCompatibleClient): ChatModel {
  return {
    async complete(req: ChatRequest): Promise<ChatReply> {
      const so = client.config.structuredOutput;
      const schema = req.jsonSchema;
      const messages = req.messages.map((m) => ({ ...m }));
      if (schema && so === 'prompt' && messages[0]?.role === 'system') {
        messages[0].content = `${messages[0].content}\n\nAntworte ausschließlich mit einem JSON-Objekt nach diesem JSON-Schema:\n${JSON.stringify(schema.schema)}`;
      }
      const extra = !schema
        ? {}
        : so === 'json_schema'
          ? { response_format: { type: 'json_schema', json_schema: { name: schema.name, schema: schema.schema, strict: true } } }
          : so === 'json_object'
            ? { response_format: { type: 'json_object', schema: schema.schema } }
            : {};
      // Raw content on purpose: the assistant validates the shape itself and treats a
      // malformed answer like an unsupported one (never shown).
      const r = await client.chat({ dataClass: 'oeffentlich', messages, temperature: req.temperature, maxTokens: req.maxTokens }, extra);
      return { content: r.finishReason === 'length' ? '' : r.content, model: r.model };
    },
  };
}
