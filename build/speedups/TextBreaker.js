// Appended to pdfmake/js/TextBreaker.js by build/vendor.ts, which also points getFirstWord() and
// getLastWord() here. For a noWrap leaf (every pre-broken line is one) pdfmake splits the whole
// text into words twice, once for its first word and once for its last: the split is kept for
// the second call.

let lastWholeLeaf = { text: null, words: null };

function wordsOfWholeLeaf(text) {
  if (lastWholeLeaf.text !== text) {
    lastWholeLeaf = { text, words: splitWords(text, false) };
  }
  return lastWholeLeaf.words;
}
