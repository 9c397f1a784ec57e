import Type from 'typebox';
import { ModelSchema, PROVIDER_NAME_PATTERN, providerFields, RemoteKindSchema } from '../settings/schemas.js';

export const ProviderParams = Type.Object({ name: Type.String({ pattern: PROVIDER_NAME_PATTERN, maxLength: 40 }) }, { additionalProperties: false });

export const ProviderBody = Type.Object(
  {
    ...providerFields,
    // Omitted: keep the stored key. null: remove it. A string: replace it.
    api_key: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ProviderView = Type.Object({
  name: Type.String(),
  kind: RemoteKindSchema,
  base_url: Type.Union([Type.String(), Type.Null()]),
  has_api_key: Type.Boolean(),
  timeout_ms: Type.Integer(),
  max_concurrency: Type.Integer(),
  models: Type.Array(ModelSchema),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const ProviderList = Type.Object({ items: Type.Array(ProviderView) });
