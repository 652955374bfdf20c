import * as ts from "typescript";

/**
 * The doc comments (`/** … *\/`) written on settings fields, keyed by setting path ("logs.limits.maxLineSize",
 * "xaiNodes[].name"). They are read from the TypeScript types of the schema's input, so the reference
 * table uses the same words the section owners wrote next to each field.
 */
export function settingDocComments(schemaFile: string, typeName: string): ReadonlyMap<string, string> {
  // Building a TypeScript program takes a second or two; the answer only changes with the source.
  const key = `${schemaFile}#${typeName}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const docs = readDocComments(schemaFile, typeName);
  cache.set(key, docs);
  return docs;
}

const cache = new Map<string, ReadonlyMap<string, string>>();

function readDocComments(schemaFile: string, typeName: string): ReadonlyMap<string, string> {
  const program = ts.createProgram([schemaFile], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const exported = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === typeName);
  if (!exported) throw new Error(`${schemaFile} does not export the type ${typeName}`);

  const docs = new Map<string, string>();
  const visit = (type: ts.Type, prefix: string, depth: number): void => {
    // Settings nest a handful of levels; the bound only guards against recursive types.
    if (depth > 10) return;
    const concrete = checker.getNonNullableType(type);
    if (checker.isArrayType(concrete)) {
      const [element] = checker.getTypeArguments(concrete as ts.TypeReference);
      if (element) visit(element, `${prefix}[]`, depth + 1);
      return;
    }
    if (!(concrete.flags & ts.TypeFlags.Object) || concrete.getCallSignatures().length > 0) return;
    for (const property of checker.getPropertiesOfType(concrete)) {
      const path = prefix ? `${prefix}.${property.name}` : property.name;
      const doc = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
      if (doc) docs.set(path, doc);
      visit(checker.getTypeOfSymbol(property), path, depth + 1);
    }
  };
  visit(checker.getDeclaredTypeOfSymbol(exported), "", 0);
  return docs;
}
