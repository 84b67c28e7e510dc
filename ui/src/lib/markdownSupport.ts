// The editor's Markdown language: what `markdown()` of @codemirror/lang-markdown gives, without
// what it adds for HTML inside Markdown. That is its HTML language (with the CSS and JavaScript
// languages for <style> and <script>) and tag completion: about half the editor's code, which
// the web process parses and keeps once an editor opens. The app shows raw HTML in Markdown as
// text (letters and preview alike), so the editor has no use for it.
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { LanguageSupport } from '@codemirror/language';
import { commonmarkLanguage, markdownKeymap, pasteURLAsLink } from '@codemirror/lang-markdown';

/** CommonMark, with Enter continuing a list or quote and Backspace removing its markup, and a
 *  pasted link over a selection making it a link (as `markdown()` has them). */
export function markdownSupport(): LanguageSupport {
  return new LanguageSupport(commonmarkLanguage, [pasteURLAsLink, Prec.high(keymap.of(markdownKeymap))]);
}
