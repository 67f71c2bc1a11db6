import { KIND, SN_STATE } from '../../../sim-core/src/drill/view-codes';
import { formatCompact, formatCount, formatLatency, formatPercent } from '../format/numbers';
import { atThrottle, failuresAbnormal, FAILED_PER_LOGIN_ALARM } from '../views/services';
import { DENSITY_COLOUR } from '../views/density';
import {
  DEAD_GREY,
  FAILURE_ACCENT,
  PROVISIONING_GREY,
  LOAD_RAMP_MAX,
  cssHex,
  loadColour,
} from '../views/colour';
import type { HoverInfo } from '../views/network-view';
import { el } from './dom';

/**
 * Every colour and symbol on the map, explained on screen. Swatch colours come from the same functions
 * the map uses, set through CSSOM (`style.setProperty`), which style-src 'self' allows.
 *
 * A disclosure (`<details>`): open where the map has room for it beside the land (wide screens), folded to
 * its title on smaller ones, where it would cover North America; "Legend" opens it either way.
 */
export function createLegend(open: boolean): HTMLElement {
  const swatch = (cls: string, colour: number): HTMLElement => {
    const s = el('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' });
    s.style.setProperty('--swatch', cssHex(colour));
    return s;
  };
  const ramp = el('span', { class: 'ramp', 'aria-hidden': 'true' });
  const stops = Array.from({ length: 7 }, (_, i) => cssHex(loadColour((LOAD_RAMP_MAX * i) / 6)));
  ramp.style.setProperty('--ramp', `linear-gradient(to right, ${stops.join(', ')})`);
  const row = (mark: HTMLElement, text: string): HTMLElement => el('li', {}, mark, el('span', {}, text));

  const details = el(
    'details',
    { class: 'legend', 'aria-label': 'Legend' },
    el('summary', {}, 'Legend'),
    el(
      'ul',
      {},
      el(
        'li',
        { class: 'legend-ramp' },
        el('span', {}, 'Supernode load (× normal)'),
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
      row(swatch('disc', loadColour(1)), 'Supernode (user host)'),
      row(swatch('disc ring', loadColour(LOAD_RAMP_MAX)), 'Self-protecting (shed its clients)'),
      row(swatch('disc dim', PROVISIONING_GREY), 'Warming up'),
      row(swatch('square', loadColour(1)), 'Dedicated supernode'),
      row(swatch('square ring', PROVISIONING_GREY), 'Dedicated, being provisioned'),
      row(swatch('disc', FAILURE_ACCENT), 'Just crashed (flash)'),
      row(swatch('haze', DENSITY_COLOUR), 'Clients attached (brighter = more)'),
      row(swatch('disc small', DEAD_GREY), 'Crashed, awaiting restart'),
      row(
        swatch('hex', 0x8b98a9),
        'Offline-IM cluster: gauge = reply latency; red past 5 s (5.0.0152 crashes)',
      ),
      row(
        swatch('disc ring', 0x8b98a9),
        `Login service: logins/min; red = failed attempts over ${FAILED_PER_LOGIN_ALARM} per login (normal is about 5); tick = throttle`,
      ),
      row(swatch('square ring', 0x8b98a9), 'Update servers: share of 5.0.0152 told to update'),
    ),
    el(
      'p',
      { class: 'legend-hint' },
      'Hover: a supernode or a region · wheel/+/−: zoom · drag: pan · 0: reset',
    ),
  );
  details.open = open;
  return details;
}

/** Whether the legend starts open: only where the map is wide enough for it to sit in the Pacific. */
export function legendStartsOpen(mapWidthPx: number): boolean {
  return mapWidthPx >= 1100;
}

const STATE_NAME: Record<number, string> = {
  [SN_STATE.Empty]: 'empty slot',
  [SN_STATE.Alive]: 'serving',
  [SN_STATE.Protecting]: 'self-protecting (refusing clients)',
  [SN_STATE.Warming]: 'warming up',
  [SN_STATE.Dead]: 'crashed, awaiting restart',
  [SN_STATE.Provisioning]: 'being provisioned',
};

/** The client build on a supernode's host, by KIND (sim-core/src/model/types.ts, handed on by drill/view-codes.ts). */
const HOST_KIND_NAME: Record<number, string> = {
  [KIND.Buggy]: 'Windows 5.0.0152 (has the offline-IM crash bug)',
  [KIND.BuggyRestarted]: 'Windows 5.0.0152, restarted after a crash (same bug)',
  [KIND.Fixed]: 'Windows 5.0.0156 (fixed build)',
  [KIND.OtherWindows]: 'other Windows build (4.x / older 5.0, unaffected)',
  [KIND.NonWindows]: 'Mac / Linux / mobile (unaffected)',
};

/** Tooltip text for a host client kind. */
export function hostKindName(kind: number): string {
  return HOST_KIND_NAME[kind] ?? 'dedicated server (not a user client)';
}

/** Tooltip lines for what the pointer is over. */
export function hoverLines(h: HoverInfo): string[] {
  switch (h.kind) {
    case 'supernode':
      return [
        `${h.dedicated ? 'Dedicated supernode' : 'Supernode'} #${h.slot} · ${h.region}`,
        `State: ${STATE_NAME[h.state] ?? String(h.state)}`,
        `Host client: ${h.dedicated ? 'dedicated server (no user client)' : hostKindName(h.hostKind)}`,
        `Load: ${h.load.toFixed(2)}× normal`,
        `Clients attached: ${formatCount(h.clients)}`,
      ];
    case 'region':
      return [
        h.region,
        `Supernodes serving: ${formatCount(h.alive)} (mean load ${h.meanLoad.toFixed(2)}×)`,
        `Self-protecting: ${formatCount(h.protecting)} · crashed: ${formatCount(h.dead)} · warming: ${formatCount(h.warming)}`,
        `Clients attached: ${formatCompact(h.clients)}`,
      ];
    case 'om':
      return [
        'Offline-IM cluster',
        h.enabled ? `Reply latency: ${formatLatency(h.latencyMs)}` : 'Switched off (no replies, no crashes)',
        '5.0.0152 crashes on replies slower than 5 s',
      ];
    case 'login': {
      const f = h.facts;
      if (!f) return ['Login service', 'No figures yet'];
      return [
        'Login service',
        `Logins: ${formatCount(f.loginsPerMinute)} per minute`,
        `Failed attempts (no supernode with room): ${formatCount(f.failedPerMinute)} per minute, ${
          failuresAbnormal(f) ? 'far above' : 'within'
        } the healthy level (under ${FAILED_PER_LOGIN_ALARM} per login)`,
        f.throttlePerMinute !== null
          ? `Throttle: ${formatCount(f.throttlePerMinute)} per minute${atThrottle(f) ? ' (holding logins back)' : ''}`
          : 'Throttle: off',
      ];
    }
    case 'update': {
      const f = h.facts;
      if (!f) return ['Update servers', 'No figures yet'];
      return [
        'Update servers',
        `Updates completed: ${formatCount(f.updatesPerMinute)} per minute`,
        `Told, waiting for their download: ${formatCount(f.waiting)}`,
        `Installing (off Skype while the client restarts): ${formatCount(f.installing)}`,
        `Rollout: ${formatPercent(f.rolloutFraction)} of 5.0.0152 clients told to update`,
      ];
    }
  }
}
