package recovery

import "fmt"

// Convention is how a member counts clean days. Fellowships differ on whether the day
// of last use is day 1, so the member chooses.
type Convention int

const (
	// CountDayAfter makes day 1 the first full day after the last use; the day of use
	// itself is day 0. This is the default.
	CountDayAfter Convention = iota
	// CountDayOfLastUse makes the day of last use day 1.
	CountDayOfLastUse
)

// useDayCounts is how many days the day of use adds to a count under c.
func (c Convention) useDayCounts() int {
	if c == CountDayOfLastUse {
		return 1
	}
	return 0
}

// String is the stored name of the convention: "day_after" or "day_of_last_use".
func (c Convention) String() string {
	if c == CountDayOfLastUse {
		return "day_of_last_use"
	}
	return "day_after"
}

// ParseConvention reads a name written by Convention.String; "" means the default.
func ParseConvention(s string) (Convention, error) {
	switch s {
	case "", "day_after":
		return CountDayAfter, nil
	case "day_of_last_use":
		return CountDayOfLastUse, nil
	}
	return CountDayAfter, fmt.Errorf("unknown counting convention %q (want day_after or day_of_last_use)", s)
}
