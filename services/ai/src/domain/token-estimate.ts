/**
 * Tokens are counted by the vendor after a call; before it, and for the local engine, they are estimated.
 * About three characters per token is on the safe side for English and German with the common BPE vocabularies
 * (four is typical for English prose), so a reservation made from the estimate rarely falls short.
 */
const CHARACTERS_PER_TOKEN = 3;
/** Role markers and separators a chat format adds per message. */
const TOKENS_PER_MESSAGE = 4;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

/** The estimated prompt size of a conversation: its texts plus a fixed overhead per message. */
export function estimatePromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + estimateTextTokens(message.content), 0);
}
