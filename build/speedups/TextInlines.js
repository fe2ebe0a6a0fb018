// Appended to pdfmake/js/TextInlines.js by build/vendor.ts. measure() looks up each style property
// of each run through the style stack; the runs of one call share that stack, so what they do not
// set themselves is looked up once per call (a run with named styles goes through the stack).
// measure() reaches the stack only through getStyleProperty, which StyleContextStack.js makes use
// autopush, getProperty and pop: the three this stand-in provides.

class InheritedStyles {
  constructor(stack) {
    this.stack = stack;
    this.inherited = new Map();
    this.named = [];
  }

  autopush(item) {
    const named = typeof item === 'object' && item !== null && typeof item.section === 'undefined' && Boolean(item.style);
    const pushed = named ? this.stack.autopush(item) : 1;
    this.named.push(named);
    return pushed;
  }

  pop(howMany) {
    if (this.named.pop()) {
      this.stack.pop(howMany);
    }
  }

  getProperty(property) {
    if (this.named[this.named.length - 1]) {
      return this.stack.getProperty(property);
    }
    if (!this.inherited.has(property)) {
      this.inherited.set(property, this.stack.getProperty(property));
    }
    return this.inherited.get(property);
  }
}

const measureEachRun = TextInlines.prototype.measure;
TextInlines.prototype.measure = function measure(array, styleContextStack) {
  return measureEachRun.call(this, array, styleContextStack ? new InheritedStyles(styleContextStack) : styleContextStack);
};
