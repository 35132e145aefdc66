// The reconciliation area: statement imports proposed and confirmed into payments. The parsers
// and the matcher (index.ts) are pure; this is where they meet the books.
export { confirmImport } from './confirm-import.js'
export { getImport, getImportMapping, importStatement, listImports, saveImportMapping } from './import-statement.js'
