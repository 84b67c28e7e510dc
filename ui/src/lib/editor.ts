// The Markdown editor: CodeMirror 6 as a live-preview writing surface (`livePreview.ts`), undo
// history, line wrapping, the toolbar's commands on keys (Ctrl+B, Ctrl+I, Ctrl+K) and the
// platform's spell-checker asked for Dutch while an editor is open (`spellcheck.ts`). Tab is left
// to the browser so keyboard users can leave the editor.
import { Compartment, EditorState, Prec, type TransactionSpec } from '@codemirror/state';
import { EditorView, keymap, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { endListOnEmptyItem, insertLink, toggleWrap } from './markdownCommands';
import { livePreview } from './livePreview';
import { markdownSupport } from './markdownSupport';
import { api } from './api';
import { SpellcheckKeeper } from './spellcheck';

/** One for the whole page: the dictionary is held while any editor is open. */
const spellcheck = new SpellcheckKeeper({
  load: () => api.enableSpellcheck(),
  letGo: () => api.releaseSpellcheck(),
});

/** The nonce Tauri put on the page's <style> element (absent in a plain browser or test). */
function styleNonce(): string {
  return (document.getElementById('csp-nonce') as HTMLStyleElement | null)?.nonce ?? '';
}

/** Past this line length the Markdown highlighting is switched off: a single line of hundreds
 *  of thousands of characters (say, 50,000 nested quotes) would otherwise become as many
 *  highlighted spans and freeze the window for seconds. The text itself is untouched. */
export const MAX_HIGHLIGHTED_LINE = 10_000;

export function hasHugeLine(text: string, limit = MAX_HIGHLIGHTED_LINE): boolean {
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if ((end < 0 ? text.length : end) - start > limit) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

function language(plain: boolean) {
  return plain ? [] : [markdownSupport(), livePreview(), syntaxHighlighting(defaultHighlightStyle, { fallback: true })];
}

export interface EditorOptions {
  doc: string;
  label: string;
  readOnly: boolean;
  onChange: () => void;
  onFocus: () => void;
  onBlur: () => void;
}

export class MarkdownEditor {
  readonly view: EditorView;
  private readonly readOnly = new Compartment();
  private readonly lang = new Compartment();
  private plain: boolean;

  constructor(parent: HTMLElement, opts: EditorOptions) {
    spellcheck.editorOpened();
    const run = (f: (s: EditorState) => TransactionSpec) => (view: EditorView) => {
      if (view.state.readOnly) return false;
      view.dispatch(f(view.state));
      return true;
    };
    this.plain = hasHugeLine(opts.doc);
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: opts.doc,
        extensions: [
          EditorView.cspNonce.of(styleNonce()),
          history(),
          drawSelection(),
          this.lang.of(language(this.plain)),
          EditorView.lineWrapping,
          // Before the Markdown keymap's own Enter, which ends a list without the blank line.
          Prec.highest(
            keymap.of([
              {
                key: 'Enter',
                run: (view) => {
                  const spec = view.state.readOnly ? null : endListOnEmptyItem(view.state);
                  if (!spec) return false;
                  view.dispatch(spec);
                  return true;
                },
              },
            ]),
          ),
          keymap.of([
            { key: 'Mod-b', run: run((s) => toggleWrap(s, '**')) },
            { key: 'Mod-i', run: run((s) => toggleWrap(s, '*')) },
            { key: 'Mod-k', run: run(insertLink) },
            ...historyKeymap,
            ...defaultKeymap,
          ]),
          EditorView.contentAttributes.of({
            'aria-label': opts.label,
            'aria-multiline': 'true',
            spellcheck: 'true',
            lang: 'nl',
            autocorrect: 'off',
          }),
          this.readOnly.of(readOnlyExtensions(opts.readOnly)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) {
              // Only a large insertion can create a huge line; checking every keystroke's whole
              // document would cost more than it saves.
              let inserted = 0;
              u.changes.iterChanges((_a, _b, _c, _d, text) => (inserted += text.length));
              if (inserted > 1000 || this.plain) this.checkHighlighting();
              opts.onChange();
            }
            if (u.focusChanged) (u.view.hasFocus ? opts.onFocus : opts.onBlur)();
          }),
        ],
      }),
    });
  }

  private checkHighlighting() {
    const plain = hasHugeLine(this.text());
    if (plain !== this.plain) {
      this.plain = plain;
      queueMicrotask(() => this.view.dispatch({ effects: this.lang.reconfigure(language(plain)) }));
    }
  }

  text(): string {
    return this.view.state.doc.toString();
  }

  setReadOnly(readOnly: boolean) {
    this.view.dispatch({ effects: this.readOnly.reconfigure(readOnlyExtensions(readOnly)) });
  }

  /** Runs a toolbar command and gives the focus back to the text. */
  apply(f: (s: EditorState) => TransactionSpec) {
    if (this.view.state.readOnly) return;
    this.view.dispatch(f(this.view.state));
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
    spellcheck.editorClosed();
  }
}

function readOnlyExtensions(readOnly: boolean) {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}
