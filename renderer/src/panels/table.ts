/**
 * Data tables for the screens after the drill: column headers with `scope="col"`, one cell per row as the row's
 * header (`scope="row"`), so a screen reader reads "Par, User-hours lost, 738k".
 */
import { el } from './dom';

export interface TableRow {
  readonly cells: readonly (Node | string)[];
  readonly class?: string;
}

export interface TableSpec {
  readonly head: readonly string[];
  readonly rows: readonly TableRow[];
  /** Which cell of a row names it (default: the first). */
  readonly rowHeader?: number;
  readonly class?: string;
  /** The table's accessible name. */
  readonly label?: string;
}

export function dataTable(spec: TableSpec): HTMLTableElement {
  const at = spec.rowHeader ?? 0;
  const attrs: Record<string, string> = { class: spec.class ?? 'score-table' };
  if (spec.label) attrs['aria-label'] = spec.label;
  return el(
    'table',
    attrs,
    el('thead', {}, el('tr', {}, ...spec.head.map((h) => el('th', h ? { scope: 'col' } : {}, h)))),
    el(
      'tbody',
      {},
      ...spec.rows.map((r) =>
        el(
          'tr',
          r.class ? { class: r.class } : {},
          ...r.cells.map((c, i) => (i === at ? el('th', { scope: 'row' }, c) : el('td', {}, c))),
        ),
      ),
    ),
  );
}
