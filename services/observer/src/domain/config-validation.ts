import { ObserverConfig } from '@erp/contracts';
import { Value } from 'typebox/value';

/** One reason a configuration was refused: the JSON pointer of the field and what is wrong with it. */
export interface ConfigFieldError {
  readonly path: string;
  readonly message: string;
}

export type ConfigValidation = { readonly ok: true; readonly config: ObserverConfig } | { readonly ok: false; readonly errors: readonly ConfigFieldError[] };

/** Parses the text of `observer_config.json` and checks it against the contract, naming every bad field. */
export function validateObserverConfig(text: string): ConfigValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `is not valid JSON (${(error as Error).message})` }] };
  }
  const errors = fieldErrors(parsed);
  if (errors.length === 0) errors.push(...scalingBoundErrors(parsed as ObserverConfig));
  return errors.length === 0 ? { ok: true, config: parsed as ObserverConfig } : { ok: false, errors };
}

/** One line for logs and the API: `/defaults/cpu_percent must be <= 100; /alerts/critical_after is required`. */
export function describeConfigErrors(errors: readonly ConfigFieldError[]): string {
  return errors.map((error) => `${error.path || 'the file'} ${error.message}`).join('; ');
}

function fieldErrors(value: unknown): ConfigFieldError[] {
  const errors = new Map<string, string>();
  for (const error of Value.Errors(ObserverConfig, value)) {
    const params = error.params as { requiredProperties?: string[]; additionalProperties?: string[] };
    if (error.keyword === 'required') {
      for (const name of params.requiredProperties ?? []) errors.set(`${error.instancePath}/${name}`, 'is required');
    } else if (error.keyword === 'additionalProperties') {
      for (const name of params.additionalProperties ?? []) errors.set(`${error.instancePath}/${name}`, 'is not a known field');
    } else if (error.keyword === 'boolean') {
      // TypeBox reports an unknown field once more as the `false` schema it meets; the entry above names it.
      errors.set(error.instancePath, 'is not a known field');
    } else if (!errors.has(error.instancePath)) {
      errors.set(error.instancePath, error.message);
    }
  }
  return [...errors].map(([path, message]) => ({ path, message }));
}

/** Rules the schema cannot say: a service's scaling bounds must not cross. */
function scalingBoundErrors(config: ObserverConfig): ConfigFieldError[] {
  return Object.entries(config.services).flatMap(([name, service]) =>
    service.scaling && service.scaling.min_instances > service.scaling.max_instances
      ? [{ path: `/services/${name}/scaling/min_instances`, message: `must be <= max_instances (${service.scaling.max_instances})` }]
      : [],
  );
}
