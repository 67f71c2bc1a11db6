import { describe, expect, it } from 'vitest';
import { notesFields, notesText } from './notes';

describe('debrief notes', () => {
  it('read one entry per line with an owner or role after a dash, and round-trip', () => {
    const f = notesFields({
      participants: 'Ana — incidentCommander\n  Ben\n\n',
      wentWell: 'calm',
      toImprove: 'earlier update',
      actions: 'Rotate on-call — Ana\nAdd a runbook - ops\nWrite it up',
    });
    expect(f.participants).toEqual([
      { name: 'Ana', role: 'incidentCommander' },
      { name: 'Ben', role: 'Ben' },
    ]);
    expect(f.lessons.actions).toEqual([
      { text: 'Rotate on-call', owner: 'Ana' },
      { text: 'Add a runbook', owner: 'ops' },
      { text: 'Write it up', owner: '' },
    ]);
    expect(notesFields(notesText(f))).toEqual(f);
  });

  it('keeps a hyphenated word whole and cuts to the session limits', () => {
    const f = notesFields({
      participants: 'Jean-Luc',
      wentWell: 'x'.repeat(20_000),
      toImprove: '',
      actions: 'follow-up',
    });
    expect(f.participants).toEqual([{ name: 'Jean-Luc', role: 'Jean-Luc' }]);
    expect(f.lessons.actions).toEqual([{ text: 'follow-up', owner: '' }]);
    expect(f.lessons.wentWell).toHaveLength(10_000);
  });
});
