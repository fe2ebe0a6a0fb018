// Appended to pdfmake/js/StyleContextStack.js by build/vendor.ts. The same lookups as pdfmake's,
// without a closure and a Set per lookup: pdfmake looks up about 20 style properties for every
// run of text it measures, a large share of a long transcript's render.

function namedStyleProperty(styleDictionary, styleName, property, visited) {
  if (visited.has(styleName)) {
    return undefined;
  }
  visited.add(styleName);
  const style = styleDictionary[styleName];
  if (!style) {
    return undefined;
  }
  if ((0, _variableType.isValue)(style[property])) {
    return style[property];
  }
  if (style.extends) {
    const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = namedStyleProperty(styleDictionary, parents[i], property, visited);
      if ((0, _variableType.isValue)(value)) {
        return value;
      }
    }
  }
  return undefined;
}

StyleContextStack.prototype.getProperty = function getProperty(property) {
  const overrides = this.styleOverrides;
  for (let i = overrides.length - 1; i >= 0; i--) {
    const item = overrides[i];
    const value = (0, _variableType.isString)(item) ? namedStyleProperty(this.styleDictionary, item, property, new Set()) : item[property];
    if ((0, _variableType.isValue)(value)) {
      return value;
    }
  }
  return this.defaultStyle && this.defaultStyle[property];
};

StyleContextStack.getStyleProperty = function getStyleProperty(item, styleContextStack, property, defaultValue) {
  if ((0, _variableType.isValue)(item[property])) {
    return item[property];
  }
  if (!styleContextStack) {
    return defaultValue;
  }
  const pushed = styleContextStack.autopush(item);
  const value = styleContextStack.getProperty(property);
  if (pushed > 0) {
    styleContextStack.pop(pushed);
  }
  return (0, _variableType.isValue)(value) ? value : defaultValue;
};
