import type { ProviderV1 } from '../spec/provider-v1.js';
import { createLocalChatModel, LOCAL_CHAT_MODEL_ID } from './local-chat-model.js';
import { createLocalEmbeddingModel, LOCAL_EMBEDDING_MODEL_ID } from './local-embedding-model.js';

/** The built-in engine as a provider: one chat model (`extractive`) and one embedding model (`hashing-256`). */
export function createLocalProvider(): ProviderV1 {
  const chat = createLocalChatModel();
  const embedding = createLocalEmbeddingModel();
  return {
    specificationVersion: 'v1',
    kind: 'local',
    chatModel: (modelId) => {
      if (modelId !== LOCAL_CHAT_MODEL_ID) throw new Error(`The local engine has no chat model ${modelId}`);
      return chat;
    },
    embeddingModel: (modelId) => (modelId === LOCAL_EMBEDDING_MODEL_ID ? embedding : undefined),
  };
}
