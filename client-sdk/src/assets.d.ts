/** Stylesheets imported as (minified) text, for constructable stylesheets in the SDK's shadow root. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
