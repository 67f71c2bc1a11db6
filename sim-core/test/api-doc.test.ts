/**
 * docs/sim-core-api.md cannot drift from the code: every public export of every sim-core layer's index file is
 * listed in that layer's table, every name listed is exported, and every function or type the doc's code
 * blocks name exists. The exports are read by the TypeScript compiler (types included), not by importing.
 * A failure prints the missing rows ready to paste, with the TSDoc summary of each export.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const DOC = 'docs/sim-core-api.md';
const doc = readFileSync(path.join(ROOT, DOC), 'utf8');

/** Every layer's index file, as a path from the repository root. */
const indexFiles = readdirSync(path.join(ROOT, 'sim-core/src'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(ROOT, 'sim-core/src', d.name, 'index.ts')))
  .map((d) => `sim-core/src/${d.name}/index.ts`)
  .sort();

interface Export {
  name: string;
  row: string;
}

/** The doc's sections by index file: the names in the first column of its table. */
function documented(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of doc.split('\n')) {
    const heading = /^## .*`(sim-core\/src\/[a-z-]+\/index\.ts)`/.exec(line);
    if (heading) out.set(heading[1]!, (current = []));
    else if (line.startsWith('## ')) current = null;
    else if (current) {
      const row = /^\| `([A-Za-z_$][\w$]*)`\s*\|/.exec(line);
      if (row) current.push(row[1]!);
    }
  }
  return out;
}

/** A paste-ready table row for an export: name, kind, the first sentence of its TSDoc. */
function rowOf(checker: ts.TypeChecker, e: ts.Symbol): string {
  const s = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
  const text = ts.displayPartsToString(s.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
  const first = (/^.*?\.(\s|$)/.exec(text)?.[0] ?? text).trim() || '(no TSDoc: write one in the code)';
  const f = s.flags;
  const kind =
    f & ts.SymbolFlags.Function
      ? 'function'
      : f & ts.SymbolFlags.Class
        ? 'class'
        : f & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)
          ? 'type'
          : 'const';
  return `| \`${e.name}\` | ${kind} | ${first.replace(/\|/g, '\\|')} |`;
}

let exportsOf: Map<string, Export[]>;

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'sim-core/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram(
    indexFiles.map((f) => path.join(ROOT, f)),
    config.options,
  );
  const checker = program.getTypeChecker();
  exportsOf = new Map(
    indexFiles.map((f) => {
      const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, f))!)!;
      const list = checker.getExportsOfModule(module).map((e) => ({ name: e.name, row: rowOf(checker, e) }));
      return [f, list];
    }),
  );
});

describe(DOC, () => {
  it('has one section per sim-core layer index file', () => {
    expect([...documented().keys()].sort()).toEqual(indexFiles);
  });

  it('lists every public export of each index file, and nothing that is not one, once', () => {
    const sections = documented();
    const problems: string[] = [];
    for (const file of indexFiles) {
      const listed = sections.get(file) ?? [];
      const exported = exportsOf.get(file)!;
      const names = new Set(exported.map((e) => e.name));
      const missing = exported.filter((e) => !listed.includes(e.name));
      const stale = listed.filter((n) => !names.has(n));
      const twice = listed.filter((n, i) => listed.indexOf(n) !== i);
      if (missing.length > 0)
        problems.push(`${file}: not listed; add these rows:\n${missing.map((e) => e.row).join('\n')}`);
      if (stale.length > 0) problems.push(`${file}: listed but not exported: ${stale.join(', ')}`);
      if (twice.length > 0) problems.push(`${file}: listed twice: ${twice.join(', ')}`);
    }
    expect(problems.join('\n\n')).toBe('');
  });

  it('names only functions and types that exist in its code blocks', () => {
    const all = new Set([...exportsOf.values()].flat().map((e) => e.name));
    // TypeScript's own utility types and the primitives a signature may use.
    const language = new Set(['Record', 'ReadonlyArray', 'Partial', 'Readonly', 'Omit', 'Pick']);
    const unknown: string[] = [];
    for (const block of doc.matchAll(/```ts\n([\s\S]*?)```/g)) {
      for (const line of block[1]!.split('\n')) {
        const code = line.replace(/\/\/.*$/, '');
        const called = /^\s*(?:new\s+)?([A-Za-z_$][\w$]*)\s*[(<]/.exec(code)?.[1];
        if (called && !all.has(called)) unknown.push(called);
        for (const m of code.matchAll(/\b([A-Z][A-Za-z0-9]*)\b/g)) {
          const name = m[1]!;
          const isGlobal = name in globalThis;
          if (!all.has(name) && !language.has(name) && !isGlobal && !/^[A-Z0-9_]+$/.test(name))
            unknown.push(name);
        }
      }
    }
    expect([...new Set(unknown)]).toEqual([]);
  });
});
