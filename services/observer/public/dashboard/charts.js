// One small live chart per figure, drawn by uPlot (loaded as the global `uPlot` before this module runs).

const PLOT_HEIGHT = 100;

/** What each figure shows: its caption, how a value reads, the colour, and the threshold it is judged by. */
export const CHARTS = [
  { metric: 'cpu_percent', caption: 'CPU', unit: '%', scale: 1, color: '#0969da', threshold: (thresholds) => thresholds.cpu_percent },
  { metric: 'rss_mb', caption: 'RAM (RSS)', unit: 'MB', scale: 1, color: '#8250df', threshold: () => null },
  { metric: 'latency_p95_ms', caption: 'p95 latency', unit: 'ms', scale: 1, color: '#bf3989', threshold: (thresholds) => thresholds.latency_p95_ms },
  { metric: 'request_rate', caption: 'Requests', unit: '/s', scale: 1, color: '#1a7f37', threshold: () => null },
  // Shown in percent; the API and the threshold are ratios.
  { metric: 'error_rate', caption: 'Errors', unit: '%', scale: 100, color: '#cf222e', threshold: (thresholds) => thresholds.error_rate },
];

export function formatValue(value, unit) {
  if (value === null || value === undefined) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function shortTime(seconds) {
  const date = new Date(seconds * 1000);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * A chart of one figure of one service. `t` holds epoch seconds; `values` the raw API values (the chart
 * scales them for display). The element carries `data-points`, the number of points drawn.
 */
export function createChart(container, definition, thresholds) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.dataset.metric = definition.metric;
  const caption = document.createElement('figcaption');
  const label = document.createElement('span');
  label.textContent = definition.caption;
  const current = document.createElement('span');
  current.className = 'value';
  caption.append(label, current);
  const plotElement = document.createElement('div');
  plotElement.className = 'plot';
  figure.append(caption, plotElement);
  container.append(figure);

  const threshold = definition.threshold(thresholds);
  const scaledThreshold = threshold === null || threshold === undefined ? null : threshold * definition.scale;
  let times = [];
  let values = [];

  const options = {
    width: Math.max(160, plotElement.clientWidth || 200),
    height: PLOT_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      y: { range: (_plot, _min, max) => [0, Math.max(max ?? 0, scaledThreshold ?? 0, 1e-9) * 1.15] },
    },
    axes: [
      { size: 22, font: '10px system-ui', ticks: { size: 3 }, grid: { stroke: '#eaeef2' }, values: (_plot, ticks) => ticks.map(shortTime) },
      { size: 38, font: '10px system-ui', ticks: { size: 3 }, grid: { stroke: '#eaeef2' } },
    ],
    series: [
      {},
      { stroke: definition.color, width: 1.5, fill: `${definition.color}1f`, points: { show: false } },
      { stroke: '#cf222e', width: 1, dash: [4, 4], points: { show: false } },
    ],
  };
  const plot = new window.uPlot(options, [[], [], []], plotElement);

  const draw = () => {
    const scaled = values.map((value) => (value === null ? null : value * definition.scale));
    plot.setData([times, scaled, times.map(() => scaledThreshold)]);
    figure.dataset.points = String(times.length);
    const last = scaled.findLast((value) => value !== null);
    current.textContent = formatValue(last ?? null, definition.unit);
  };

  new ResizeObserver(() => {
    const width = Math.max(160, plotElement.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height: PLOT_HEIGHT });
  }).observe(plotElement);

  return {
    /** Replaces the whole series (the initial load, a new range). */
    set(nextTimes, nextValues) {
      times = [...nextTimes];
      values = [...nextValues];
      draw();
    },
    /** Adds a live point and drops the points older than `oldestT`. */
    append(t, value, oldestT) {
      if (times.length > 0 && t <= times[times.length - 1]) return;
      times.push(t);
      values.push(value ?? null);
      const keepFrom = times.findIndex((time) => time >= oldestT);
      if (keepFrom > 0) {
        times = times.slice(keepFrom);
        values = values.slice(keepFrom);
      }
      draw();
    },
  };
}
