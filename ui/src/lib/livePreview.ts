// The writing surface council members accept: a proportional font, headings, bold, italics,
// lists and quotes shown styled where they are written, and the Markdown marks (`#`, `**`, `*`,
// `>`) dimmed on the line being written and hidden on every other line. The stored text stays
// Markdown; nothing here changes the document.
import { RangeSetBuilder, type EditorState } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting, syntaxTree } from '@codemirror/language';
import { tags } from '@lezer/highlight';

const styled = HighlightStyle.define([
  { tag: tags.heading1, fontSize: '1.5em', fontWeight: 'bold' },
  { tag: tags.heading2, fontSize: '1.3em', fontWeight: 'bold' },
  { tag: tags.heading3, fontSize: '1.15em', fontWeight: 'bold' },
  { tag: [tags.heading4, tags.heading5, tags.heading6], fontWeight: 'bold' },
  { tag: tags.strong, fontWeight: 'bold' },
  { tag: tags.emphasis, fontStyle: 'italic' },
  { tag: tags.strikethrough, textDecoration: 'line-through' },
  { tag: tags.link, color: '#154273', textDecoration: 'underline' },
  { tag: tags.url, color: '#505050' },
  { tag: tags.quote, fontStyle: 'italic', color: '#333' },
  { tag: tags.monospace, fontFamily: 'monospace' },
  // The marks themselves, where they show: quiet, so the text reads first.
  { tag: [tags.processingInstruction, tags.contentSeparator], color: '#6b6b6b' },
]);

/** Marks hidden away from the cursor: heading `#`s with their space, emphasis and quote marks. */
const HIDDEN = new Set(['HeaderMark', 'EmphasisMark', 'QuoteMark', 'StrikethroughMark']);

const hide = Decoration.replace({});

function hiddenMarks(state: EditorState, from: number, to: number): DecorationSet {
  const active = new Set<number>();
  for (const r of state.selection.ranges) {
    const a = state.doc.lineAt(r.from).number;
    const b = state.doc.lineAt(r.to).number;
    for (let n = a; n <= b; n++) active.add(n);
  }
  const builder = new RangeSetBuilder<Decoration>();
  syntaxTree(state).iterate({
    from,
    to,
    enter: (node) => {
      if (!HIDDEN.has(node.name)) return;
      const line = state.doc.lineAt(node.from);
      if (active.has(line.number)) return;
      let end = node.to;
      // A heading's or quote's mark hides with the space after it.
      if ((node.name === 'HeaderMark' || node.name === 'QuoteMark') && state.sliceDoc(end, end + 1) === ' ') end += 1;
      if (end > node.from) builder.add(node.from, end, hide);
    },
  });
  return builder.finish();
}

const hider = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = this.build(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.selectionSet || u.viewportChanged || syntaxTree(u.startState) !== syntaxTree(u.state)) {
        this.decorations = this.build(u.view);
      }
    }
    build(view: EditorView): DecorationSet {
      const sets = view.visibleRanges.map(({ from, to }) => hiddenMarks(view.state, from, to));
      if (sets.length === 1) return sets[0]!;
      const builder = new RangeSetBuilder<Decoration>();
      for (const set of sets) {
        for (let it = set.iter(); it.value; it.next()) builder.add(it.from, it.to, it.value);
      }
      return builder.finish();
    }
  },
  { decorations: (p) => p.decorations },
);

const surface = EditorView.theme({
  '.cm-content': {
    fontFamily: '"Liberation Sans", "Helvetica Neue", Arial, sans-serif',
    fontSize: '1rem',
    lineHeight: '1.55',
  },
});

/** The live-preview extensions for a Markdown editor. */
export function livePreview() {
  return [syntaxHighlighting(styled), hider, surface];
}

export { hiddenMarks as hiddenMarksForTest };
