// Charts rendered on the server with Apache ECharts (SVG, no script), made safe for a strict CSP.

type ECharts = typeof import('echarts');
let loaded: Promise<ECharts> | undefined;
// Loaded on the first chart, so that starting the portal does not pay for it.
const echarts = () => {
  loaded ??= import('echarts');
  return loaded;
};

export const PALETTE = [
  '#0b5394',
  '#f47738',
  '#00703c',
  '#4c2c92',
  '#d4351c',
  '#28a197',
  '#6f72af',
  '#b58840',
];
const FONT = 'Arial, Helvetica, sans-serif';
const TEXT = { color: '#0b0c0c', fontFamily: FONT, fontSize: 13 };

export interface Series {
  name: string;
  data: number[];
}

async function render(option: Record<string, unknown>, width: number, height: number): Promise<string> {
  const lib = await echarts();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: TEXT,
      aria: { enabled: false },
      ...option,
    });
    return cspSafeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

const legend = (series: Series[]) =>
  series.length > 1 ? { legend: { top: 0, textStyle: TEXT, data: series.map((s) => s.name) } } : {};

export function lineChart(
  categories: string[],
  series: Series[],
  width = 720,
  height = 300,
): Promise<string> {
  return render(
    {
      ...legend(series),
      grid: { left: 64, right: 24, top: series.length > 1 ? 40 : 16, bottom: 40 },
      xAxis: { type: 'category', data: categories, axisLabel: { ...TEXT, hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: TEXT, minInterval: 1 },
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.data,
        showSymbol: categories.length <= 31,
      })),
    },
    width,
    height,
  );
}

/** Horizontal bars: labels stay readable however long they are. */
export function barChart(
  categories: string[],
  series: Series[],
  width = 720,
  height?: number,
): Promise<string> {
  const rows = Math.max(categories.length, 1);
  return render(
    {
      ...legend(series),
      grid: { left: 16, right: 32, top: series.length > 1 ? 40 : 16, bottom: 24, containLabel: true },
      yAxis: {
        type: 'category',
        inverse: true,
        data: categories.map((c) => (c.length > 40 ? `${c.slice(0, 39)}…` : c)),
        axisLabel: TEXT,
      },
      xAxis: { type: 'value', axisLabel: TEXT, minInterval: 1 },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data })),
    },
    width,
    height ?? Math.min(60 + rows * 28 * Math.max(1, series.length * 0.8), 900),
  );
}

export function pieChart(
  items: { name: string; value: number }[],
  width = 480,
  height = 280,
): Promise<string> {
  return render(
    {
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: items,
          label: { ...TEXT, formatter: '{b}: {d}%' },
        },
      ],
    },
    width,
    height,
  );
}

/** SVG presentation attributes that can replace the `style` declarations ECharts writes. */
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'opacity',
]);

function styleToAttributes(style: string): string {
  return style
    .split(';')
    .map((declaration) => declaration.split(':').map((part) => part.trim()))
    .filter(([name, value]) => name && value && PRESENTATION.has(name) && /^[\w\s,.#%()'"-]+$/.test(value))
    .map(([name, value]) => ` ${name}="${(value as string).replace(/"/g, "'")}"`)
    .join('');
}

/**
 * A strict CSP (style-src 'self') blocks <style> elements and style attributes: drop the first (hover
 * effects only), turn the second into presentation attributes. Scripts and event handlers never pass.
 * The root keeps its viewBox but loses its size, so it scales to the column; the table beside it
 * carries the data for assistive technology, hence aria-hidden.
 */
export function cspSafeSvg(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .replace(/\s+style="([^"]*)"/g, (_m, style: string) => styleToAttributes(style))
    .replace(/\s+(class|ecmeta_[a-z_]+|pointer-events)="[^"]*"/g, '')
    .replace(
      /<svg width="[\d.]+" height="[\d.]+"/,
      '<svg class="egov-chart" aria-hidden="true" focusable="false"',
    )
    .replace(/>\s+</g, '><')
    .trim();
}
