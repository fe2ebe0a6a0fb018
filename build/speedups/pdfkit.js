// Appended to pdfkit/js/pdfkit.js (the copy pdfmake uses) by build/vendor.ts. pdfkit lays out each
// line it draws twice (its glyphs, then its width to move past it): the last few lines laid out
// are kept, and a line's glyphs are gathered without a new array per word. A width alone is still
// summed without any array. The glyphs and positions are pdfkit's own (from its per-word cache),
// so the PDF is the same.

const RECENT_LAYOUTS = 8;

EmbeddedFont.prototype.layout = function layout(text, features, onlyWidth) {
  if (features) {
    return this.layoutRun(text, features);
  }
  const recent = this.recentLayouts || (this.recentLayouts = new Map());
  const known = recent.get(text);
  if (known) {
    return known;
  }
  const glyphs = onlyWidth ? null : [];
  const positions = onlyWidth ? null : [];
  let advanceWidth = 0;
  let wordStart = 0;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : -1;
    // Words end after a space or a tab, as in pdfkit, and at the end of the text.
    if (code === 32 || code === 9 || (code === -1 && wordStart < index)) {
      const run = this.layoutCached(text.slice(wordStart, index + 1));
      if (!onlyWidth) {
        for (let i = 0; i < run.glyphs.length; i++) {
          glyphs.push(run.glyphs[i]);
          positions.push(run.positions[i]);
        }
      }
      advanceWidth += run.advanceWidth;
      wordStart = index + 1;
    }
  }
  const layout = { glyphs, positions, advanceWidth };
  if (!onlyWidth) {
    if (recent.size >= RECENT_LAYOUTS) {
      recent.delete(recent.keys().next().value);
    }
    recent.set(text, layout);
  }
  return layout;
};
