// The toolbar's Markdown edits, as pure functions from an editor state to a transaction, so
// they are testable without a window. Each works on every selected range.
import { EditorSelection, type EditorState, type TransactionSpec } from '@codemirror/state';

/** Bold (`**`) or italic (`*`): wraps the selection, or unwraps it when already wrapped. */
export function toggleWrap(state: EditorState, marker: string): TransactionSpec {
  const n = marker.length;
  return state.changeByRange((range) => {
    const before = state.sliceDoc(range.from - n, range.from);
    const after = state.sliceDoc(range.to, range.to + n);
    // `*` inside `**…**` is bold, not italic: only unwrap an exact match.
    const outerBefore = state.sliceDoc(range.from - n - 1, range.from - n);
    const exact = before === marker && after === marker && (n > 1 || outerBefore !== '*');
    if (exact) {
      return {
        changes: [
          { from: range.from - n, to: range.from, insert: '' },
          { from: range.to, to: range.to + n, insert: '' },
        ],
        range: EditorSelection.range(range.from - n, range.to - n),
      };
    }
    return {
      changes: [
        { from: range.from, insert: marker },
        { from: range.to, insert: marker },
      ],
      range: EditorSelection.range(range.from + n, range.to + n),
    };
  });
}

const LIST_OR_HEADING = /^(\s*)(#{1,6} |[-*+] |\d+[.)] )?/;

function selectedLines(state: EditorState) {
  const seen = new Set<number>();
  const lines = [];
  for (const r of state.selection.ranges) {
    for (let pos = r.from; pos <= r.to; ) {
      const line = state.doc.lineAt(pos);
      if (!seen.has(line.number)) {
        seen.add(line.number);
        lines.push(line);
      }
      pos = line.to + 1;
    }
  }
  return lines;
}

/** Heading (`## `), bulleted (`- `) or numbered (`1. `) lines: sets the prefix, or removes it
 *  when every selected line already has it. Numbered lines are counted 1, 2, 3. */
export function toggleLinePrefix(state: EditorState, kind: 'heading' | 'bullet' | 'number'): TransactionSpec {
  const lines = selectedLines(state);
  const wanted = (i: number) => (kind === 'heading' ? '## ' : kind === 'bullet' ? '- ' : `${i + 1}. `);
  const has = (prefix: string | undefined) =>
    kind === 'heading' ? prefix?.startsWith('#') : kind === 'bullet' ? /^[-*+] $/.test(prefix ?? '') : /^\d+[.)] $/.test(prefix ?? '');
  const all = lines.every((l) => has(LIST_OR_HEADING.exec(l.text)?.[2]));
  const changes = lines.map((l, i) => {
    const m = LIST_OR_HEADING.exec(l.text)!;
    const from = l.from + m[1]!.length;
    const to = from + (m[2]?.length ?? 0);
    return { from, to, insert: all ? '' : wanted(i) };
  });
  return { changes };
}

/** Nests list lines one level deeper (under the item above) or one level less deep. */
export function indentList(state: EditorState, deeper: boolean): TransactionSpec {
  const changes = selectedLines(state).map((line) => {
    const indent = /^\s*/.exec(line.text)![0].length;
    if (deeper) {
      // Nested content must start where the text of the item above starts.
      let width = 3;
      for (let n = line.number - 1; n >= 1; n--) {
        const prev = state.doc.line(n);
        if (!prev.text.trim()) continue;
        const m = /^(\s*)([-*+]|\d+[.)]) +/.exec(prev.text);
        if (m) width = Math.max(m[0].length - indent, 2);
        break;
      }
      return { from: line.from, insert: ' '.repeat(width) };
    }
    let target = 0;
    for (let n = line.number - 1; n >= 1; n--) {
      const prevIndent = /^\s*/.exec(state.doc.line(n).text)![0].length;
      if (state.doc.line(n).text.trim() && prevIndent < indent) {
        target = prevIndent;
        break;
      }
    }
    return { from: line.from, to: line.from + indent - target, insert: '' };
  });
  return { changes };
}

/** `[text](https://)` with the address selected, ready to be typed over. */
export function insertLink(state: EditorState): TransactionSpec {
  return state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to) || 'linktekst';
    const insert = `[${text}](https://)`;
    const urlFrom = range.from + text.length + 3;
    return {
      changes: { from: range.from, to: range.to, insert },
      range: EditorSelection.range(urlFrom, urlFrom + 'https://'.length),
    };
  });
}

/** Enter on an empty item that ends a top-level list, as Word users end a list: the marker goes
 *  and a blank line follows the list, so what is typed next is a paragraph of its own (without
 *  the blank line Markdown would glue it to the last item). `null` where it does not apply. */
export function endListOnEmptyItem(state: EditorState): TransactionSpec | null {
  const range = state.selection.main;
  if (!range.empty || state.selection.ranges.length > 1) return null;
  const line = state.doc.lineAt(range.head);
  if (!/^(\d+[.)]|[-*+])[ \t]*$/.test(line.text) || range.head !== line.to) return null;
  const next = line.number < state.doc.lines ? state.doc.line(line.number + 1).text : '';
  if (next.trim() !== '') return null;
  const previous = line.number > 1 ? state.doc.line(line.number - 1).text : '';
  if (previous.trim() === '') return null;
  return {
    changes: { from: line.from, to: line.to, insert: '\n' },
    selection: EditorSelection.cursor(line.from + 1),
    scrollIntoView: true,
    userEvent: 'input',
  };
}
