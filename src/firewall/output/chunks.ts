/**
 * Groups the strings of an output into bounded chunks for the whole-text scans (canaries, indirect
 * injection): small strings are joined so a payload split across fields is still read together, long
 * ones are windowed with an overlap so nothing straddling a boundary is missed.
 */
export interface Chunk {
  readonly text: string;
  /** JSON Pointer of the first string in the chunk. */
  readonly path: string;
}

export const CHUNK_OVERLAP = 256;

export function chunkTexts(items: readonly { text: string; path: string }[], chunkChars: number): Chunk[] {
  const chunks: Chunk[] = [];
  let parts: string[] = [];
  let size = 0;
  let firstPath = '';
  const flush = (): void => {
    if (parts.length > 0) chunks.push({ text: parts.join('\n'), path: firstPath });
    parts = [];
    size = 0;
  };
  for (const { text, path } of items) {
    if (text.length > chunkChars) {
      flush();
      const step = chunkChars - CHUNK_OVERLAP;
      for (let i = 0; i < text.length; i += step) {
        chunks.push({ text: text.slice(i, i + chunkChars), path });
        if (i + chunkChars >= text.length) break;
      }
      continue;
    }
    if (size + text.length + 1 > chunkChars) flush();
    if (parts.length === 0) firstPath = path;
    parts.push(text);
    size += text.length + 1;
  }
  flush();
  return chunks;
}
