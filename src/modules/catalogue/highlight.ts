import { similarity, tokenize } from './normalise.ts';
import type { SearchResult } from './search.ts';

/** A piece of a text; `hit` pieces are what the search matched (rendered as <mark>). */
export interface Segment {
  text: string;
  hit: boolean;
}

function matches(word: string, found: Pick<SearchResult, 'mode' | 'stems' | 'words'>): boolean {
  if (found.mode === 'fulltext')
    return found.stems.some((stem) => (stem.length >= 2 ? word.startsWith(stem) : word === stem));
  if (found.mode === 'fuzzy')
    return found.words.some((w) => word.startsWith(w) || (w.length >= 3 && similarity(word, w) >= 0.4));
  return false;
}

/**
 * Splits a text into plain and matched pieces. Normalisation keeps positions, so the original
 * spelling (capitals, ə, ё) is what is shown. The template escapes every piece.
 */
export function highlight(text: string, found: Pick<SearchResult, 'mode' | 'stems' | 'words'>): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  const push = (piece: string, hit: boolean) => {
    if (!piece) return;
    const last = segments[segments.length - 1];
    if (last && last.hit === hit) last.text += piece;
    else segments.push({ text: piece, hit });
  };
  if (found.mode !== 'browse')
    for (const token of tokenize(text)) {
      if (!matches(token.word, found)) continue;
      push(text.slice(at, token.start), false);
      push(text.slice(token.start, token.end), true);
      at = token.end;
    }
  push(text.slice(at), false);
  return segments;
}
