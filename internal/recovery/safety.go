package recovery

// LapseAfterAbstinence reports whether a lapse must be met with overdose-safety
// messaging (tolerance is lower: use less, never use alone, keep naloxone close; DESIGN.md
// §3.2, clinical-facts §8 "Loss of tolerance"). before is the summary for the lapse's day,
// computed without the lapse.
//
// The rule is deliberately conservative: one counted day of recovery is enough.
// Tolerance falls fast once use stops and how fast for this person cannot be measured by
// an app; a needless safety message costs one screen, a missing one can cost a life. The
// only lapse it does not fire for is a second use on the very day the count began under
// CountDayAfter, when there has been no abstinence at all.
func LapseAfterAbstinence(before Summary) bool {
	return before.CurrentStreakDays >= 1
}
