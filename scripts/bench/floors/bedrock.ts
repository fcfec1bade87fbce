/** The floor's Bedrock Runtime client, created at import; endpoint from AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
import { BedrockRuntimeClient, ConverseCommand, type Message } from '@aws-sdk/client-bedrock-runtime';

export const bedrock = new BedrockRuntimeClient({});
export const MODEL_ID = process.env.MODEL_ID!;

export function toMessages(messages: Array<{ role: 'user' | 'assistant'; content: string }>): Message[] {
  return messages.map((message) => ({ role: message.role, content: [{ text: message.content }] }));
}

export { ConverseCommand };
