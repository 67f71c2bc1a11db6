import { formatCount } from '../format/numbers';
import { el } from './dom';

/** What the status line shows. */
export interface StatusValues {
  readonly online: number;
  readonly supernodesAlive: number;
  readonly phase: string;
}

/**
 * The headline numbers under the map, as a description list so each value has an accessible name
 * ("Online users", "Supernodes alive"). Deliberately not a live region: it changes every frame, and a
 * screen reader announcing every frame would be noise.
 */
export class StatusLine {
  readonly element: HTMLElement;
  private readonly online: HTMLElement;
  private readonly alive: HTMLElement;
  private readonly phase: HTMLElement;

  constructor() {
    const item = (id: string, label: string): [HTMLElement, HTMLElement] => {
      const value = el('dd', { 'aria-labelledby': id, class: 'stat-value' }, '–');
      const wrap = el('div', { class: 'stat' }, el('dt', { id, class: 'stat-label' }, label), value);
      return [wrap, value];
    };
    const [onlineWrap, online] = item('stat-online', 'Online users');
    const [aliveWrap, alive] = item('stat-alive', 'Supernodes alive');
    const [phaseWrap, phase] = item('stat-phase', 'Phase');
    this.online = online;
    this.alive = alive;
    this.phase = phase;
    this.element = el(
      'dl',
      { class: 'status-line', 'aria-label': 'Network status' },
      onlineWrap,
      aliveWrap,
      phaseWrap,
    );
  }

  show(v: StatusValues): void {
    this.online.textContent = formatCount(v.online);
    this.alive.textContent = formatCount(v.supernodesAlive);
    this.phase.textContent = v.phase;
  }
}
