// Package instrument holds Onward's clinical instruments (COWS, SOWS, PHQ-9,
// PHQ-2, GAD-7, GAD-2, DAST-10, BAM and a DSM-5 opioid use disorder
// checklist) and scores them.
//
// Each instrument is data: its items, the published value of every answer,
// its bands and its sources; its wording is in the message catalogs
// (internal/locale), by ids the definitions build (scales.go). One generic scorer sums
// the scored items; the few rules that are not a plain sum (a reversed item,
// criteria that do not count under medical supervision, safety flags) are
// marked on the data or attached to the definition, so each rule sits next to
// the instrument it belongs to.
//
// The package is pure: no database, no HTTP, no clock. Item wording is
// paraphrased, never copied from the published forms; docs/instruments.md
// lists the sources and licensing notes.
package instrument
