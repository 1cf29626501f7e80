package contingency

// Status is whether one occurrence of a target was met.
type Status string

const (
	Met     Status = "met"
	NotMet  Status = "not_met" // a positive, invalid or missed test; a missed session or dose
	Pending Status = "pending" // a disputed result waiting for its confirmation test
)

// Outcome is one occurrence of a target (a test, a session, a day's
// doses), in the order they happened.
type Outcome struct {
	ID     string
	Status Status
}

// Earning is what one outcome earns under a schedule.
type Earning struct {
	OutcomeID string
	Met       bool
	Value     Cents // the voucher's value (vouchers)
	Bonus     Cents // the bonus, on every BonusEvery-th in a row (vouchers)
	Draws     int   // draws from the bowl (prizes)
	InARow    int   // targets met in a row, this one included
	Reset     bool  // this outcome reset the schedule
	Restored  bool  // this outcome restored the value reached before a reset
}

// Total is what the earning is worth in money now (prizes are worth what
// their draws bring, later).
func (e Earning) Total() Cents { return e.Value + e.Bonus }

// walk is a schedule's state between outcomes.
type walk struct {
	s       Schedule
	inARow  int // targets met in a row
	level   int // steps of escalation of the next voucher
	before  int // the level before a reset not yet restored; -1 for none
	restore int // targets met in a row since that reset
}

func (s Schedule) start() *walk { return &walk{s: s, before: -1} }

func (w *walk) step(o Outcome) Earning {
	e := Earning{OutcomeID: o.ID, Met: o.Status == Met}
	if !e.Met {
		switch w.s.Kind {
		case Vouchers:
			w.inARow = 0 // a bonus is for targets met in a row, reset or not
			if w.s.Voucher.Reset {
				e.Reset = true
				w.before = max(w.before, w.level)
				w.level, w.restore = 0, 0
			}
		case Prizes:
			if w.s.Prize.Reset {
				e.Reset = true
				w.inARow = 0
			}
		}
		return e
	}
	w.inARow++
	e.InARow = w.inARow
	switch w.s.Kind {
	case Vouchers:
		v := w.s.Voucher
		e.Value = v.Start + Cents(w.level)*v.Increment
		if v.Max > 0 {
			e.Value = min(e.Value, v.Max)
		}
		if v.BonusEvery > 0 && w.inARow%v.BonusEvery == 0 {
			e.Bonus = v.Bonus
		}
		w.level++
		if w.before >= 0 {
			w.restore++
			if v.RestoreAfter > 0 && w.restore >= v.RestoreAfter {
				e.Restored = w.before > w.level
				w.level = max(w.level, w.before)
				w.before = -1
			}
		}
	case Prizes:
		p := w.s.Prize
		e.Draws = p.Start + p.Increment*((w.inARow-1)/p.Every)
		if p.Max > 0 {
			e.Draws = min(e.Draws, p.Max)
		}
	}
	return e
}

// Earnings walks the outcomes in order and returns what each earns. It
// stops at the first pending outcome: CM waits for the confirmation of a
// disputed result, so that outcome and every one after it are held (their
// number is returned) until it is settled.
func (s Schedule) Earnings(outcomes []Outcome) (earned []Earning, held int) {
	w := s.start()
	for i, o := range outcomes {
		if o.Status == Pending {
			return earned, len(outcomes) - i
		}
		earned = append(earned, w.step(o))
	}
	return earned, 0
}

// Next is what the next target met would earn after outcomes, and
// whether CM is waiting on a confirmation (then nothing is earned until it
// comes).
func (s Schedule) Next(outcomes []Outcome) (next Earning, waiting bool) {
	w := s.start()
	for _, o := range outcomes {
		if o.Status == Pending {
			return Earning{}, true
		}
		w.step(o)
	}
	return w.step(Outcome{Status: Met}), false
}
