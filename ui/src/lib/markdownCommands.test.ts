import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState, type TransactionSpec } from '@codemirror/state';
import { endListOnEmptyItem, indentList, insertLink, toggleLinePrefix, toggleWrap } from './markdownCommands';

function state(doc: string, from: number, to = from) {
  return EditorState.create({ doc, selection: EditorSelection.single(from, to) });
}
const apply = (s: EditorState, spec: TransactionSpec) => s.update(spec).state;

describe('markdown commands', () => {
  it('Enter on the empty last item ends the list with a blank line before the next paragraph', () => {
    const doc = '1. a\n2. b\n3. ';
    const s = state(doc, doc.length);
    const spec = endListOnEmptyItem(s);
    expect(spec).not.toBeNull();
    const ended = apply(s, spec!);
    const typed = apply(ended, ended.replaceSelection('Slotzin'));
    expect(typed.doc.toString()).toBe('1. a\n2. b\n\nSlotzin');
  });

  it('Enter elsewhere in a list is left to the Markdown continuation', () => {
    for (const [doc, at] of [
      ['1. a\n2. b', 9],
      ['1. a\n2. \n3. c', 8],
      ['- a\n  - ', 8],
      ['gewone tekst', 5],
    ] as const) {
      expect(endListOnEmptyItem(state(doc, at)), doc).toBeNull();
    }
  });

  it('bold wraps the selection and unwraps it again', () => {
    const s = state('De raad adviseert', 3, 7);
    const bold = apply(s, toggleWrap(s, '**'));
    expect(bold.doc.toString()).toBe('De **raad** adviseert');
    expect(bold.sliceDoc(bold.selection.main.from, bold.selection.main.to)).toBe('raad');
    expect(apply(bold, toggleWrap(bold, '**')).doc.toString()).toBe('De raad adviseert');
  });

  it('italic inside bold adds a marker instead of breaking the bold', () => {
    const s = state('**raad**', 2, 6);
    expect(apply(s, toggleWrap(s, '*')).doc.toString()).toBe('***raad***');
  });

  it('numbered list numbers the selected lines and toggles off', () => {
    const s = state('een\ntwee\ndrie', 0, 13);
    const list = apply(s, toggleLinePrefix(s, 'number'));
    expect(list.doc.toString()).toBe('1. een\n2. twee\n3. drie');
    const all = list.update({ selection: EditorSelection.single(0, list.doc.length) }).state;
    expect(apply(all, toggleLinePrefix(all, 'number')).doc.toString()).toBe('een\ntwee\ndrie');
  });

  it('a bullet replaces a number and a heading keeps the text', () => {
    const s = state('1. punt', 3);
    expect(apply(s, toggleLinePrefix(s, 'bullet')).doc.toString()).toBe('- punt');
    const h = state('Titel', 0);
    expect(apply(h, toggleLinePrefix(h, 'heading')).doc.toString()).toBe('## Titel');
  });

  it('nesting puts an item under the text of the item above, and back', () => {
    const s = state('1. eerste\n- sub', 12);
    const nested = apply(s, indentList(s, true));
    expect(nested.doc.toString()).toBe('1. eerste\n   - sub');
    const back = nested.update({ selection: EditorSelection.cursor(nested.doc.length) }).state;
    expect(apply(back, indentList(back, false)).doc.toString()).toBe('1. eerste\n- sub');
  });

  it('a link keeps the selected text and selects the address', () => {
    const s = state('zie website', 4, 11);
    const l = apply(s, insertLink(s));
    expect(l.doc.toString()).toBe('zie [website](https://)');
    expect(l.sliceDoc(l.selection.main.from, l.selection.main.to)).toBe('https://');
  });
});

import { hasHugeLine } from './editor';
describe('huge lines', () => {
  it('are found wherever they are', () => {
    expect(hasHugeLine('kort\nkort', 5)).toBe(false);
    expect(hasHugeLine('kort\nveel te lang\nkort', 5)).toBe(true);
    expect(hasHugeLine('veel te lang', 5)).toBe(true);
    expect(hasHugeLine('kort\nnet te lang', 10)).toBe(true);
  });
});
