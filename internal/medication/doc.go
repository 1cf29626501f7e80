// Package medication holds the rules of medication for opioid use
// disorder as Onward keeps it: the medicines and their forms with the
// doses a person can sensibly record, a member's own plans and dose log,
// a program's versioned dose orders, adherence, the methadone take-home
// ceiling of 42 CFR 8.12(i) (2024) with a stricter program or state
// policy laid over it, the naltrexone start rule, low-dose buprenorphine
// start schedules and the caseload's medication flags. It is pure: no
// database and no HTTP; facts are passed in. Sources are in
// docs/medication.md.
package medication
