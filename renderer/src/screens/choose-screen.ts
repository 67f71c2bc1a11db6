/** Scenario choice: the built-in scenarios, each a button named by its title; and the way to past sessions. */
import type { Scenario } from '../../../sim-core/src/scenario/index';
import { el } from '../panels/dom';
import { formatCompact } from '../format/numbers';

export function mountChooseScreen(
  root: HTMLElement,
  scenarios: readonly Scenario[],
  onPick: (s: Scenario) => void,
  note: string,
  onHistory: () => void,
): () => void {
  const history = el('button', { type: 'button', 'data-action': 'history' }, 'History');
  history.addEventListener('click', onHistory);
  const list = el(
    'ul',
    { class: 'scenario-list' },
    ...scenarios.map((s) => {
      const b = el(
        'button',
        { type: 'button', class: 'scenario-pick', 'aria-describedby': `sum-${s.id}` },
        s.title,
      );
      b.addEventListener('click', () => onPick(s));
      return el('li', {}, b, el('p', { id: `sum-${s.id}`, class: 'muted' }, teaser(s)));
    }),
  );
  root.replaceChildren(
    el(
      'main',
      { class: 'screen choose' },
      el('h1', {}, 'Cascade Drill'),
      el('p', { class: 'lede' }, 'Live through a real network cascade, and learn to stop it.'),
      el('h2', {}, 'Choose a scenario'),
      list,
      note ? el('p', { class: 'muted' }, note) : '',
      el('h2', {}, 'Past sessions'),
      el(
        'p',
        { class: 'muted' },
        'Scores over time per scenario, the same-seed leaderboard, and every saved debrief.',
      ),
      history,
    ),
  );
  root.querySelector<HTMLButtonElement>('.scenario-pick')?.focus();
  return () => undefined;
}

/** The scenario's situation without the spoiler: the summary names the trigger, the teaser does not. */
function teaser(s: Scenario): string {
  const start = new Date(s.startIso);
  const hh = String(start.getUTCHours()).padStart(2, '0');
  const mm = String(start.getUTCMinutes()).padStart(2, '0');
  return `Peer-to-peer network of ${formatCompact(s.model.population.peakOnline)} users at the evening peak · starts ${hh}:${mm} GMT · ${Math.round(s.model.durationMinutes / 60)} simulated hours.`;
}
