// The explorer page: a form of the run options, the simulator in Web Workers, and the report's sections for the
// last run. `window.systolic.run(config)` runs any config (the fields of a `--config` file) and resolves to what
// `systolic run --json` prints for it.
import '../zod-jitless.js';
import type { Charts } from '../../reports/client/charts.js';
import { el } from '../../reports/client/dom.js';
import { renderReport } from '../../reports/client/sections.js';
import { reportData } from '../../reports/report-data.js';
import { arrayDims, type RunOptions } from '../../workloads/run-options.js';
import { joinOrders, orderTasks, parseRunConfig, taskFiles, type GivenFiles } from '../run-config.js';
import { RunProgress } from './run-progress.js';
import { runForm } from './run-form.js';
import { WorkerPool } from './worker-pool.js';

const version = document.body.dataset['version']!;
// Two workers: the two orders of a run side by side (each runs its GEMMs whole: no SharedArrayBuffer needed).
const pool = new WorkerPool(document.getElementById('systolic-worker')!.textContent!, 2);

const controls = document.getElementById('controls')!;
const results = document.getElementById('results')!;
const toolbar = el('div', controls, undefined, 'toolbar');
const runButton = el('button', toolbar, 'Run');
runButton.id = 'run';
const downloadButton = el('button', toolbar, 'Download result JSON');
downloadButton.id = 'download';
downloadButton.disabled = true;
const progress = new RunProgress(controls);
const formElement = el('form', controls);
const form = runForm(formElement);
const configView = el('details', controls);
el('summary', configView, 'This run as a --config file');
const configText = el('pre', configView);
const app = el('div', results);

function describe(o: RunOptions): string {
  const [rows, cols] = arrayDims(o.array) ?? [];
  return `${o.model ?? 'the block'} on ${o.rows ?? rows}×${o.cols ?? cols}, ${o.order === 'both' ? 'both orders' : `dequant-${o.order}`}`;
}

async function simulate(config: unknown, given: GivenFiles = {}): Promise<unknown> {
  try {
    const options = parseRunConfig(config);
    const tasks = orderTasks(options, taskFiles(options, given, form.files), version);
    progress.start(tasks.length, describe(options));
    let done = 0;
    const outputs = await Promise.all(tasks.map((t) => pool.run(t).then((r) => (progress.step(++done), r))));
    progress.finish();
    return joinOrders(tasks, outputs);
  } catch (e) {
    progress.finish((e as Error).message);
    throw e;
  }
}

let shown: { json: unknown; name: string; charts: Charts } | undefined;
let runs = 0;

async function runFromForm(): Promise<void> {
  runButton.disabled = true;
  document.body.dataset['state'] = 'running';
  const config = form.config();
  configText.textContent = JSON.stringify(config, null, 2);
  try {
    const json = await simulate(config);
    shown?.charts.destroy();
    const name = `systolic-${String(config['model'] ?? 'run')}-${String(config['rows'] ?? '')}x${String(config['cols'] ?? '')}.json`;
    shown = { json, name, charts: renderReport(app, reportData([{ name: 'this run', text: JSON.stringify(json) }])) };
    downloadButton.disabled = false;
    document.body.dataset['runs'] = String(++runs);
    document.body.dataset['state'] = 'done';
  } catch {
    document.body.dataset['state'] = 'error';
  } finally {
    runButton.disabled = false;
    (window as unknown as { __reportReady: boolean }).__reportReady = true;
  }
}

function download(): void {
  if (!shown) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([JSON.stringify(shown.json) + '\n'], { type: 'application/json' }));
  a.download = shown.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// Enter in a field runs, rather than reloading the page.
formElement.addEventListener('submit', (e) => {
  e.preventDefault();
  void runFromForm();
});
runButton.addEventListener('click', () => void runFromForm());
downloadButton.addEventListener('click', download);
(window as unknown as { systolic: object }).systolic = { version, run: simulate };
void runFromForm();
