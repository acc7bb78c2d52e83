import { cspSafeSvg } from '../analytics/index.ts';

type ECharts = typeof import('echarts');
let loaded: Promise<ECharts> | undefined;
// Loaded on the first chart, so that starting the portal does not pay for it.
const echarts = () => {
  loaded ??= import('echarts');
  return loaded;
};
const TEXT = { color: '#0b0c0c', fontFamily: 'Arial, Helvetica, sans-serif', fontSize: 13 };

/** A bar (months) or line (days) chart as CSP-safe SVG; the page shows the same data as a table. */
export async function trendChart(labels: string[], values: number[], kind: 'bar' | 'line'): Promise<string> {
  const lib = await echarts();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 280 });
  try {
    chart.setOption({
      animation: false,
      color: ['#0b5394'],
      textStyle: TEXT,
      grid: { left: 72, right: 24, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { ...TEXT, hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: TEXT, minInterval: 1 },
      series: [{ type: kind, data: values, showSymbol: labels.length <= 31 }],
    });
    return cspSafeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
