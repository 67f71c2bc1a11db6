/**
 * Participants and lessons learned as the debrief edits them: four text areas, one entry per line, an owner or
 * role after a dash ("Rotate on-call — Ana"). Parsed here into the session file's fields, within its limits.
 */
import type { SessionBody } from '../../../../sim-core/src/sessions/index';
import { MAX_NAME_CHARS, MAX_ROLE_CHARS } from '../../../../sim-core/src/drill/log';

export interface NotesText {
  participants: string;
  wentWell: string;
  toImprove: string;
  actions: string;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** "text — owner" (an em dash or a hyphen with spaces around it); the owner may be missing. */
function split(line: string): [string, string] {
  const m = /^(.*?)\s+[—-]\s+(.*)$/.exec(line);
  return m ? [m[1]!.trim(), m[2]!.trim()] : [line, ''];
}

/** The form's text from a session. */
export function notesText(s: Pick<SessionBody, 'participants' | 'lessons'>): NotesText {
  return {
    participants: s.participants
      .map((p) => (p.role && p.role !== p.name ? `${p.name} — ${p.role}` : p.name))
      .join('\n'),
    wentWell: s.lessons.wentWell,
    toImprove: s.lessons.toImprove,
    actions: s.lessons.actions.map((a) => (a.owner ? `${a.text} — ${a.owner}` : a.text)).join('\n'),
  };
}

/** The session fields from the form's text, cut to the session file's limits. */
export function notesFields(t: NotesText): Pick<SessionBody, 'participants' | 'lessons'> {
  return {
    participants: lines(t.participants)
      .slice(0, 100)
      .map((l) => {
        const [name, role] = split(l);
        return { name: name.slice(0, MAX_NAME_CHARS), role: (role || name).slice(0, MAX_ROLE_CHARS) };
      })
      .filter((p) => p.name.length > 0),
    lessons: {
      wentWell: t.wentWell.slice(0, 10_000),
      toImprove: t.toImprove.slice(0, 10_000),
      actions: lines(t.actions)
        .slice(0, 200)
        .map((l) => {
          const [text, owner] = split(l);
          return { text: text.slice(0, 1000), owner: owner.slice(0, 80) };
        }),
    },
  };
}
