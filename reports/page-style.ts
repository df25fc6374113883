// The look of the report and the explorer (one stylesheet, inlined: the pages load nothing).
export const PAGE_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1400px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; } h3 { font-size: 15px; margin: 18px 0 6px; }
.note { color: #666; font-size: 12px; }
nav.contents { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; margin: 8px 0 16px; }
nav.contents a { color: #1b6ca8; text-decoration: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 4px 0 12px; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
p.answer { font-size: 16px; background: #f3f7fb; border-left: 4px solid #1b6ca8; padding: 8px 12px; margin: 8px 0; max-width: 1100px; }
.row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.chart { position: relative; width: 440px; height: 320px; }
.half { position: relative; width: 640px; height: 340px; }
.wide { position: relative; width: 900px; height: 340px; }
ol.series-key { display: flex; flex-wrap: wrap; gap: 2px 18px; list-style: none; padding: 0; margin: 8px 0; font-size: 12px; }
ol.series-key li { display: flex; align-items: center; gap: 6px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; } th { background: #f4f4f4; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.ratio { font-weight: 600; } td.meaning { color: #555; font-size: 13px; }
.switch { margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; }
figure.heatmap { margin: 0; }
figure.heatmap figcaption { font-size: 12px; font-weight: 600; text-align: center; }
.heat-body { display: flex; align-items: stretch; }
.heat { position: relative; width: 360px; height: 300px; }
.colour-bar { display: flex; flex-direction: column; align-items: flex-start; padding: 6px 0 48px 6px; font-size: 11px; }
.bar-unit { font-weight: 600; height: 16px; }
.bar-scale { display: flex; flex: 1; gap: 4px; }
.bar-ramp { width: 14px; border: 1px solid #999; }
.bar-ticks { display: flex; flex-direction: column; justify-content: space-between; font-variant-numeric: tabular-nums; }
`;
