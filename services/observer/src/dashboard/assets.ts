import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file the dashboard page loads, served from memory with an ETag. */
export interface DashboardAsset {
  /** The URL path the observer serves it at. */
  readonly urlPath: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly etag: string;
}

// This file is services/observer/{src,dist}/dashboard/assets.*: two levels below the package root, whether
// vitest runs the sources or node runs the build, so the page's files are found in both.
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PUBLIC_FOLDER = join(PACKAGE_ROOT, 'public', 'dashboard');

// uPlot is served from its installed package, wherever npm put it (hoisted or not); its source is not copied.
const UPLOT_FOLDER = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');

const FILES: readonly { urlPath: string; file: string; contentType: string }[] = [
  { urlPath: '/dashboard', file: join(PUBLIC_FOLDER, 'index.html'), contentType: 'text/html; charset=utf-8' },
  { urlPath: '/dashboard/dashboard.js', file: join(PUBLIC_FOLDER, 'dashboard.js'), contentType: 'text/javascript; charset=utf-8' },
  { urlPath: '/dashboard/charts.js', file: join(PUBLIC_FOLDER, 'charts.js'), contentType: 'text/javascript; charset=utf-8' },
  { urlPath: '/dashboard/dashboard.css', file: join(PUBLIC_FOLDER, 'dashboard.css'), contentType: 'text/css; charset=utf-8' },
  { urlPath: '/dashboard/vendor/uPlot.iife.min.js', file: join(UPLOT_FOLDER, 'uPlot.iife.min.js'), contentType: 'text/javascript; charset=utf-8' },
  { urlPath: '/dashboard/vendor/uPlot.min.css', file: join(UPLOT_FOLDER, 'uPlot.min.css'), contentType: 'text/css; charset=utf-8' },
];

/**
 * Reads every file of the dashboard once, at start: a missing file stops the start with its path instead of
 * answering 404 later, and the list is fixed, so no request path ever reaches the file system.
 */
export async function loadDashboardAssets(): Promise<DashboardAsset[]> {
  return Promise.all(
    FILES.map(async ({ urlPath, file, contentType }) => {
      const body = await readFile(file);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      return { urlPath, contentType, body, etag };
    }),
  );
}
