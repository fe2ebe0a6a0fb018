// Type stubs for the comparison renderers (their typings are not installed; bench code uses them loosely).
declare module 'pdfkit';
declare module 'react';
