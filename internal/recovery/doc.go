// Package recovery is the pure domain logic of a member's daily recovery: days counted in
// the member's own calendar, stages, milestones, money and time regained, and the
// early-warning risk level recomputed on every check-in.
//
// Nothing here touches a database, the network or the clock: callers pass "today" and
// "now", so every rule can be tested with constructed histories. The rules, numbers and
// their reasons are written up in docs/recovery-model.md.
package recovery
