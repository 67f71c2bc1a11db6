import {
  DEAD_GREY,
  FAILURE_ACCENT,
  PROVISIONING_GREY,
  LOAD_RAMP_MAX,
  cssHex,
  loadColour,
} from '../views/colour';
import { el } from './dom';

/**
 * Every colour and symbol on the map, explained on screen. Swatch colours come from the same functions
 * the map uses, set through CSSOM (`style.setProperty`), which style-src 'self' allows.
 */
export function createLegend(): HTMLElement {
  const swatch = (cls: string, colour: number): HTMLElement => {
    const s = el('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' });
    s.style.setProperty('--swatch', cssHex(colour));
    return s;
  };
  const ramp = el('span', { class: 'ramp', 'aria-hidden': 'true' });
  const stops = Array.from({ length: 7 }, (_, i) => cssHex(loadColour((LOAD_RAMP_MAX * i) / 6)));
  ramp.style.setProperty('--ramp', `linear-gradient(to right, ${stops.join(', ')})`);
  const row = (mark: HTMLElement, text: string): HTMLElement => el('li', {}, mark, el('span', {}, text));

  return el(
    'section',
    { class: 'legend', 'aria-label': 'Legend' },
    el('h2', {}, 'Legend'),
    el(
      'ul',
      {},
      el(
        'li',
        { class: 'legend-ramp' },
        el('span', {}, 'Load (× normal)'),
        el(
          'span',
          { class: 'ramp-wrap' },
          ramp,
          el(
            'span',
            { class: 'ramp-ticks' },
            ...['0', '1', '2', `${LOAD_RAMP_MAX}+`].map((t) => el('span', {}, t)),
          ),
        ),
      ),
      row(swatch('disc', loadColour(1)), 'Supernode'),
      row(swatch('disc ring', loadColour(LOAD_RAMP_MAX)), 'Self-protecting (shed its clients)'),
      row(swatch('disc dim', PROVISIONING_GREY), 'Warming up'),
      row(swatch('square', loadColour(1)), 'Dedicated supernode'),
      row(swatch('square ring', PROVISIONING_GREY), 'Dedicated, being provisioned'),
      row(swatch('disc', FAILURE_ACCENT), 'Just crashed (flash)'),
      row(swatch('disc small', DEAD_GREY), 'Crashed, awaiting restart'),
    ),
  );
}
