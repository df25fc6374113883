// Browser side of the HTML report: the data embedded in the page, rendered by the report sections.
import type { ReportData } from '../report-data.js';
import { renderReport } from './sections.js';

const data = JSON.parse(document.getElementById('report-data')!.textContent!) as ReportData;
renderReport(document.getElementById('app')!, data);
(window as unknown as { __reportReady: boolean }).__reportReady = true;
document.body.dataset['ready'] = 'true';
