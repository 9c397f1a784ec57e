import Type from 'typebox';

const ORIGIN_PATTERN = /^https?:\/\/[^/\s,]+$/;

function toOrigins(text: string): string[] {
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/** The gateway's variables for request and response transformation; spread into the `Type.Object` of config.ts. */
export const transformEnvProperties = {
  CORS_ORIGINS: Type.Refine(
    Type.String({ default: 'http://127.0.0.1:3000,http://localhost:3000', description: 'Browser origins allowed to call the API, comma-separated.' }),
    (text: string) => toOrigins(text).every((origin) => ORIGIN_PATTERN.test(origin)),
    () => 'CORS_ORIGINS: expected comma-separated origins such as https://erp.example.com, without a path or a wildcard',
  ),
};

export interface TransformConfig {
  readonly corsOrigins: readonly string[];
}

/** Maps the parsed variables of {@link transformEnvProperties}. */
export function toTransformConfig(parsed: { CORS_ORIGINS: string }): TransformConfig {
  return { corsOrigins: Object.freeze(toOrigins(parsed.CORS_ORIGINS)) };
}
