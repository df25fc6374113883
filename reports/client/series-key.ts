// The key of a sweep's series, once for all its charts: a line sample in the series' colour and dash, in grid
// order, as HTML so that any number of series wraps instead of crowding a chart.
import { seriesStyle } from '../palette.js';
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

export function seriesKey(parent: HTMLElement, series: string[]): void {
  const list = el('ol', parent, undefined, 'series-key');
  series.forEach((name, i) => {
    const style = seriesStyle(i);
    const item = el('li', list);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', '32');
    svg.setAttribute('height', '8');
    const line = document.createElementNS(SVG, 'line');
    for (const [k, v] of [['x1', '0'], ['y1', '4'], ['x2', '32'], ['y2', '4'], ['stroke', style.colour], ['stroke-width', '3'], ['stroke-dasharray', style.dash.join(' ')]]) line.setAttribute(k!, v!);
    svg.appendChild(line);
    item.appendChild(svg);
    el('span', item, name);
  });
}
