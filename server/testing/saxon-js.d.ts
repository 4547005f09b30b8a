/** The part of SaxonJS 2 the UBL rule tests use; the package ships no types of its own. */
declare module "saxon-js" {
  type TransformOptions = { stylesheetInternal: unknown; sourceText: string; destination: "serialized" };
  const SaxonJS: { transform(options: TransformOptions, mode: "async"): Promise<{ principalResult: unknown }> };
  export default SaxonJS;
}
