// Chart.js as the report pages use it: the pieces registered once, no animation, every chart of a page kept so a
// page that renders again (the explorer after each run) destroys the old ones first, and axes in display units.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Title, Tooltip, type ChartConfiguration, type ChartType } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { significant, unitFor, type Quantity } from '../number-format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Legend, Tooltip, Title, MatrixController, MatrixElement);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, sans-serif';

/** The charts of one rendering of a page. */
export class Charts {
  private readonly all: Chart[] = [];

  add<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>): Chart<T> {
    const chart = new Chart(canvas, config);
    this.all.push(chart as unknown as Chart);
    return chart;
  }

  destroy(): void {
    for (const c of this.all.splice(0)) c.destroy();
  }
}

/** What a chart shows: a quantity in SI units, or a fraction as a percentage. */
export type Measure = Quantity | 'percent';

/** Series in one display unit, chosen from their largest value, and the axis title naming it: `energy (µJ)`, `utilization (%)`. */
export function displayed(name: string, measure: Measure, raw: (number | null)[][], suffix = ''): { series: (number | null)[][]; title: string } {
  const unit = measure === 'percent' ? { factor: 0.01, symbol: '%' } : unitFor(measure, Math.max(0, ...raw.flat().map((v) => Math.abs(v ?? 0))));
  const symbol = unit.symbol + suffix;
  return { series: raw.map((s) => s.map((v) => (v === null ? null : v / unit.factor))), title: symbol ? `${name} (${symbol})` : name };
}

/** A tick label: up to 3 significant digits, without trailing zeros. */
const tick = (x: number) => significant(x, 3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/** A value axis titled with its unit; a log axis says so and labels only its 1-2-5 ticks. */
export function valueAxis(title: string, log = false) {
  return {
    type: log ? ('logarithmic' as const) : ('linear' as const),
    title: { display: true, text: log ? `${title}, log scale` : title },
    ticks: {
      callback: (v: number | string) => {
        const x = Number(v);
        if (!log || x <= 0) return tick(x);
        const mantissa = x / 10 ** Math.floor(Math.log10(x));
        return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) ? tick(x) : '';
      },
    },
  };
}
