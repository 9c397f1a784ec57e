import type { ChartName, ChartTemplate } from './chart.js';
import { SKR03 } from './skr03.js';
import { SKR04 } from './skr04.js';

const TEMPLATES: Readonly<Record<ChartName, ChartTemplate>> = { SKR03, SKR04 };

/** The template of `chart`. */
export function chartTemplate(chart: ChartName): ChartTemplate {
  return TEMPLATES[chart];
}
