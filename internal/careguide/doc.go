// Package careguide is Onward's level-of-care guide: a short, transparent
// questionnaire about what a good placement decision weighs (how much and how
// often someone uses, withdrawal risk, physical and mental health, safety and
// support at home, duties that cannot wait, earlier treatment, interest in
// medication, pregnancy) and the care options whose description fits the
// answers, each with the answers that led to it.
//
// It is Onward's own plain logic, written as data (rules.go) so that anyone
// can read exactly why an option was suggested. It is not the ASAM Criteria,
// does not place anyone in a level of care, and is never presented as an
// assessment: only a professional can assess someone. docs/care-guide.md
// lists every rule and its reasoning.
//
// Answers that point to danger (thoughts of suicide, daily alcohol or
// sedatives with opioids, pregnancy, seizures when stopping, a serious health
// problem, lost tolerance) raise urgent advice, which the interface shows
// before anything else.
//
// The package is pure: no database, no HTTP, no clock. Its wording is in the
// message catalogs (internal/locale, careguide.LANG.toml), by ids built from
// the ids of the questions, care options, advice and rules.
package careguide
