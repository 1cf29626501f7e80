// Package directory is the pure logic behind the treatment-program and meeting
// directories: the Program and Meeting records, the importers that read them from the
// formats programs and fellowships publish, and the geometry of "near me" searches.
//
// Nothing here touches a database or the network. An importer takes the whole file,
// recognises its format from the content, and returns every good row together with
// every rejected row and its line number; a file that cannot be read to the end
// returns an error and no rows, so an import never half-succeeds silently.
// docs/import-formats.md describes every format, the field mappings and the errors.
package directory
