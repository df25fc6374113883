// The explorer's progress line: a bar of finished orders (moving while none has finished), the seconds so far,
// ticking while the workers simulate, which also shows the page is still responsive.
import { el } from '../../reports/client/dom.js';

export class RunProgress {
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLSpanElement;
  private timer: ReturnType<typeof setInterval> | undefined;
  private started = 0;
  private what = '';

  constructor(parent: HTMLElement) {
    const box = el('div', parent, undefined, 'progress');
    this.bar = el('progress', box);
    this.bar.id = 'progress';
    this.text = el('span', box, 'Ready.');
    this.text.id = 'status';
  }

  private seconds = () => `${((performance.now() - this.started) / 1000).toFixed(1)} s`;

  start(orders: number, what: string): void {
    clearInterval(this.timer);
    this.started = performance.now();
    this.what = what;
    this.bar.max = orders;
    this.bar.removeAttribute('value');
    this.timer = setInterval(() => (this.text.textContent = `Simulating ${this.what}… ${this.seconds()}`), 100);
  }

  step(done: number): void {
    this.bar.value = done;
  }

  finish(error?: string): void {
    clearInterval(this.timer);
    this.bar.value = this.bar.max;
    this.text.textContent = error ? `Failed: ${error}` : `Simulated ${this.what} in ${this.seconds()}.`;
    this.text.classList.toggle('error', error !== undefined);
  }
}
