// The Markdown editor: CodeMirror 6 with Markdown highlighting, undo history, line wrapping,
// the toolbar's commands on keys (Ctrl+B, Ctrl+I, Ctrl+K) and the platform's spell-checker
// asked for Dutch. Tab is left to the browser so keyboard users can leave the editor.
import { Compartment, EditorState, type TransactionSpec } from '@codemirror/state';
import { EditorView, keymap, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { insertLink, toggleWrap } from './markdownCommands';

/** The nonce Tauri put on the page's <style> element (absent in a plain browser or test). */
function styleNonce(): string {
  return (document.getElementById('csp-nonce') as HTMLStyleElement | null)?.nonce ?? '';
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

  constructor(parent: HTMLElement, opts: EditorOptions) {
    const run = (f: (s: EditorState) => TransactionSpec) => (view: EditorView) => {
      if (view.state.readOnly) return false;
      view.dispatch(f(view.state));
      return true;
    };
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: opts.doc,
        extensions: [
          EditorView.cspNonce.of(styleNonce()),
          history(),
          drawSelection(),
          markdown(),
          syntaxHighlighting(defaultHighlightStyle),
          EditorView.lineWrapping,
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
            if (u.docChanged) opts.onChange();
            if (u.focusChanged) (u.view.hasFocus ? opts.onFocus : opts.onBlur)();
          }),
        ],
      }),
    });
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
  }
}

function readOnlyExtensions(readOnly: boolean) {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}
