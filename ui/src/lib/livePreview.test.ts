import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState } from '@codemirror/state';
import { markdownSupport } from './markdownSupport';
import { ensureSyntaxTree } from '@codemirror/language';
import { hiddenMarksForTest } from './livePreview';

function hidden(doc: string, cursor: number): string[] {
  const state = EditorState.create({ doc, selection: EditorSelection.single(cursor), extensions: [markdownSupport()] });
  ensureSyntaxTree(state, doc.length, 5000);
  const out: string[] = [];
  for (let it = hiddenMarksForTest(state, 0, doc.length).iter(); it.value; it.next()) out.push(doc.slice(it.from, it.to));
  return out;
}

describe('live preview', () => {
  const doc = '# Advies\n\nDe **raad** adviseert *nadrukkelijk*.\n\n> Citaat\n\nSlot';

  it('hides the marks on every line but the one being written', () => {
    expect(hidden(doc, doc.length)).toEqual(['# ', '**', '**', '*', '*', '> ']);
  });

  it('shows the marks of the line with the cursor, so they can be edited', () => {
    const onBold = doc.indexOf('raad');
    expect(hidden(doc, onBold)).toEqual(['# ', '> ']);
    expect(hidden(doc, 2)).toEqual(['**', '**', '*', '*', '> ']);
  });
});
