package recovery

// history is the member's check-ins seen from today, one per day.
type history struct {
	today Date
	byDay map[Date]DayCheckIn
	// first is the earliest check-in on or before today; missed days count only after it.
	first    Date
	hasFirst bool
}

func newHistory(today Date, checkIns []DayCheckIn) history {
	h := history{today: today, byDay: make(map[Date]DayCheckIn, len(checkIns))}
	for _, c := range checkIns {
		if c.On.After(today) {
			continue
		}
		// Normalised, so that lookups by computed dates find it.
		day := c.On.AddDays(0)
		h.byDay[day] = c
		if !h.hasFirst || day.Before(h.first) {
			h.first, h.hasFirst = day, true
		}
	}
	return h
}

// days returns the check-ins of the n days ending `ago` days before today, oldest first.
func (h history) days(n, ago int) []DayCheckIn {
	var out []DayCheckIn
	for i := n - 1 + ago; i >= ago; i-- {
		if c, ok := h.byDay[h.today.AddDays(-i)]; ok {
			out = append(out, c)
		}
	}
	return out
}

// count is how many of the last n days (today included) have a check-in where cond holds.
func (h history) count(n int, cond func(DayCheckIn) bool) int {
	total := 0
	for _, c := range h.days(n, 0) {
		if cond(c) {
			total++
		}
	}
	return total
}

// missedCheckIns counts the days of the window, before today and from the first
// check-in on, with no check-in. Today is left out because it is not over yet.
func (h history) missedCheckIns(windowDays int) int {
	if !h.hasFirst {
		return 0
	}
	from := h.today.AddDays(1 - windowDays)
	if h.first.After(from) {
		from = h.first
	}
	missed := 0
	for d := from; d.Before(h.today); d = d.AddDays(1) {
		if _, ok := h.byDay[d]; !ok {
			missed++
		}
	}
	return missed
}
