/**
 * Scenario choice: the built-in scenarios and the scenario files opened in this console, each a button named by
 * its title; "Open a scenario file…" (a bad file is refused with every reason and nothing else changes); and
 * the way to past sessions.
 */
import type { Scenario } from '../../../sim-core/src/scenario/index';
import { el } from '../panels/dom';
import { formatCompact } from '../format/numbers';
import type { OpenResult, ScenarioEntry } from '../platform/scenario-files';

/** A built-in scenario of a model other than Skype (it plays in its own console). */
export interface PackEntry {
  readonly id: string;
  readonly title: string;
  readonly startIso: string;
  readonly durationMinutes: number;
  /** What it teaches (the scenario's `teaches`), or null. */
  readonly teaches: string | null;
}

export interface ChooseScreenDeps {
  readonly entries: readonly ScenarioEntry[];
  /** Built-in scenarios of other models, after the Skype ones. */
  readonly pack?: readonly PackEntry[];
  readonly onPickModel?: (id: string) => void;
  /** Remembered scenario files that no longer pass the checks, each with its reason. */
  readonly unreadable: readonly string[];
  readonly onPick: (s: Scenario) => void;
  readonly note: string;
  readonly onHistory: () => void;
  /** Check and remember a picked file; the screen is mounted again on success. */
  readonly onOpenFile: (file: File) => Promise<OpenResult>;
  /** Forget an opened file. */
  readonly onForget: (id: string) => void;
}

export function mountChooseScreen(root: HTMLElement, deps: ChooseScreenDeps): () => void {
  const history = el('button', { type: 'button', 'data-action': 'history' }, 'History');
  history.addEventListener('click', deps.onHistory);
  const skypeItem = ({ scenario: s, source }: ScenarioEntry): HTMLElement => {
    const b = el(
      'button',
      { type: 'button', class: 'scenario-pick', 'aria-describedby': `sum-${s.id}` },
      s.title,
    );
    b.addEventListener('click', () => deps.onPick(s));
    const item = el('li', {}, b, el('p', { id: `sum-${s.id}`, class: 'muted' }, teaser(s, source)));
    if (source !== 'builtin') {
      const forget = el(
        'button',
        { type: 'button', class: 'link', 'aria-label': `Forget the scenario file ${source.file}` },
        'Forget this file',
      );
      forget.addEventListener('click', () => {
        deps.onForget(s.id);
        mountChooseScreen(root, { ...deps, entries: deps.entries.filter((e) => e.scenario.id !== s.id) });
      });
      item.append(forget);
    }
    return item;
  };
  const list = el(
    'ul',
    { class: 'scenario-list' },
    ...deps.entries.filter((e) => e.source === 'builtin').map(skypeItem),
    ...(deps.pack ?? []).map((s) => {
      const b = el(
        'button',
        { type: 'button', class: 'scenario-pick', 'aria-describedby': `sum-${s.id}` },
        s.title,
      );
      b.addEventListener('click', () => deps.onPickModel?.(s.id));
      return el('li', {}, b, el('p', { id: `sum-${s.id}`, class: 'muted' }, packLine(s)));
    }),
    ...deps.entries.filter((e) => e.source !== 'builtin').map(skypeItem),
  );
  // The file picker: a visible button (keyboard and screen readers) in front of a hidden file input.
  const input = el('input', {
    type: 'file',
    accept: '.json,application/json',
    hidden: '',
  }) as HTMLInputElement;
  const open = el('button', { type: 'button', 'data-action': 'open-scenario' }, 'Open a scenario file…');
  const result = el('div', { 'aria-live': 'polite' });
  open.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    result.replaceChildren(el('p', { role: 'status' }, `Checking ${file.name}…`));
    void deps.onOpenFile(file).then((r) => {
      if (!r.ok) {
        result.replaceChildren(refusal(file.name, r.problems));
        return;
      }
      const entries = [r.entry, ...deps.entries.filter((e) => e.scenario.id !== r.entry.scenario.id)];
      const builtins = entries.filter((e) => e.source === 'builtin');
      mountChooseScreen(root, {
        ...deps,
        entries: [...builtins, ...entries.filter((e) => e.source !== 'builtin')],
      });
      const opened = root.querySelector('.choose [data-opened]');
      opened?.replaceChildren(
        el(
          'p',
          { role: 'status' },
          `Opened ${file.name}: “${r.entry.scenario.title}” (version ${r.entry.scenario.version}) is in the list.`,
        ),
      );
    });
  });
  const unreadable =
    deps.unreadable.length > 0
      ? el(
          'div',
          { class: 'alert', role: 'alert' },
          el('p', {}, 'Scenario files remembered earlier that no longer pass the checks (not offered):'),
          el('ul', {}, ...deps.unreadable.map((u) => el('li', {}, u))),
        )
      : '';
  root.replaceChildren(
    el(
      'main',
      { class: 'screen choose' },
      el('h1', {}, 'Cascade Drill'),
      el('p', { class: 'lede' }, 'Live through a real network cascade, and learn to stop it.'),
      el('h2', {}, 'Choose a scenario'),
      list,
      deps.note ? el('p', { class: 'muted' }, deps.note) : '',
      el(
        'p',
        { class: 'muted' },
        'A scenario file of your own (a variant written with npm run scenario -- new) is checked as it opens; one with problems is refused with each of them.',
      ),
      el('div', { class: 'actions' }, open, input),
      el('div', { 'data-opened': '' }),
      result,
      unreadable,
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

/** A refused file: every problem, one line each, with its JSON path. */
function refusal(name: string, problems: readonly string[]): HTMLElement {
  const shown = problems.slice(0, 30);
  return el(
    'div',
    { class: 'alert', role: 'alert', 'aria-label': 'Scenario file refused' },
    el(
      'p',
      {},
      `${name} was not opened: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`}. Nothing else changed.`,
    ),
    el('ul', {}, ...shown.map((p) => el('li', {}, p))),
    problems.length > shown.length ? el('p', {}, `… and ${problems.length - shown.length} more.`) : '',
  );
}

/** The scenario's situation without the spoiler: the summary names the trigger, the teaser does not. */
function teaser(s: Scenario, source: ScenarioEntry['source']): string {
  const start = new Date(s.startIso);
  const hh = String(start.getUTCHours()).padStart(2, '0');
  const mm = String(start.getUTCMinutes()).padStart(2, '0');
  const from = source === 'builtin' ? '' : ` · from the file ${source.file}, version ${s.version}`;
  const teaches = s.teaches ? ` ${s.teaches}` : '';
  return `${dateWords(s.startIso)} · peer-to-peer network of ${formatCompact(s.model.population.peakOnline)} users at the evening peak · starts ${hh}:${mm} GMT · ${lengthWords(s.model.durationMinutes)}${from}.${teaches}`;
}

/** A pack scenario's line: its date, start, length and what it teaches. */
export function packLine(s: PackEntry): string {
  const start = new Date(s.startIso);
  const hh = String(start.getUTCHours()).padStart(2, '0');
  const mm = String(start.getUTCMinutes()).padStart(2, '0');
  const teaches = s.teaches ? ` ${s.teaches}` : '';
  return `${dateWords(s.startIso)} · starts ${hh}:${mm} GMT · ${lengthWords(s.durationMinutes)}.${teaches}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2010-09-23T17:30:00Z` -> `23 Sep 2010` (the scenario's own date, in GMT). */
export function dateWords(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A scenario's length in simulated hours (or minutes under an hour). */
export function lengthWords(minutes: number): string {
  if (minutes < 60) return `${minutes} simulated minutes`;
  const h = Math.round(minutes / 60);
  return `${h} simulated hour${h === 1 ? '' : 's'}`;
}
