package recovery

// history is the member's check-ins seen from today, one per day, by how
// many days before today each is: the early warning asks for the same few
// days rule after rule, on every check-in, so they are found by index.
type history struct {
	today Date
	byAgo []DayCheckIn // byAgo[n] is the check-in of n days ago, when has[n]
	has   []bool
	// first is how many days ago the earliest check-in on or before today
	// was, -1 when there is none; missed days count only after it.
	first int
}

func newHistory(today Date, checkIns []DayCheckIn) history {
	h := history{today: today, first: -1}
	agos := make([]int, len(checkIns))
	for i, c := range checkIns {
		agos[i] = c.On.DaysUntil(today)
		h.first = max(h.first, agos[i])
	}
	h.byAgo, h.has = make([]DayCheckIn, h.first+1), make([]bool, h.first+1)
	for i, c := range checkIns {
		// After today: not seen. Of two on one day, the later in the slice wins.
		if ago := agos[i]; ago >= 0 {
			h.byAgo[ago], h.has[ago] = c, true
		}
	}
	return h
}

// at is the check-in of ago days before today, if any.
func (h history) at(ago int) (DayCheckIn, bool) {
	if ago < 0 || ago >= len(h.has) || !h.has[ago] {
		return DayCheckIn{}, false
	}
	return h.byAgo[ago], true
}

// cravings counts the check-ins of the n days ending `ago` days before today and
// adds up their cravings.
func (h history) cravings(n, ago int) (count, sum int) {
	for i := n - 1 + ago; i >= ago; i-- {
		if c, ok := h.at(i); ok {
			count, sum = count+1, sum+c.Craving
		}
	}
	return count, sum
}

// count is how many of the last n days (today included) have a check-in where cond holds.
func (h history) count(n int, cond func(DayCheckIn) bool) int {
	total := 0
	for i := n - 1; i >= 0; i-- {
		if c, ok := h.at(i); ok && cond(c) {
			total++
		}
	}
	return total
}

// missedCheckIns counts the days of the window, before today and from the first
// check-in on, with no check-in. Today is left out because it is not over yet.
func (h history) missedCheckIns(windowDays int) int {
	missed := 0
	for ago := min(windowDays-1, h.first); ago >= 1; ago-- {
		if _, ok := h.at(ago); !ok {
			missed++
		}
	}
	return missed
}
