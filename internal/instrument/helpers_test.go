package instrument

import (
	"maps"
	"strconv"
	"testing"
)

func mustGet(t testing.TB, id string) *Definition {
	t.Helper()
	d, ok := Get(id)
	if !ok {
		t.Fatalf("Get(%q): instrument not found", id)
	}
	return d
}

func mustScore(t *testing.T, id string, answers map[string]int, opts Options) Result {
	t.Helper()
	r, err := mustGet(t, id).Score(answers, opts)
	if err != nil {
		t.Fatalf("%s: Score(%v) failed: %v", id, answers, err)
	}
	return r
}

// answersTotalling builds a complete set of answers whose scored items add up
// to total, using each item's own points (so reversed items are handled).
// Unscored items get their first option; optional items are left out.
func answersTotalling(t *testing.T, d *Definition, total int) map[string]int {
	t.Helper()
	answers := map[string]int{}
	var scored []Item
	for _, item := range d.Items {
		switch {
		case item.Scored:
			scored = append(scored, item)
		case !item.Optional:
			answers[item.ID] = item.Options[0].Value
		}
	}
	// reachable[i][s]: items i.. can add up to exactly s.
	reachable := make([][]bool, len(scored)+1)
	for i := range reachable {
		reachable[i] = make([]bool, d.MaxTotal+1)
	}
	reachable[len(scored)][0] = true
	for i := len(scored) - 1; i >= 0; i-- {
		for s := 0; s <= d.MaxTotal; s++ {
			for _, o := range scored[i].Options {
				if p := scored[i].points(o.Value); p <= s && reachable[i+1][s-p] {
					reachable[i][s] = true
				}
			}
		}
	}
	if total < 0 || total > d.MaxTotal || !reachable[0][total] {
		t.Fatalf("%s: no answers add up to %d", d.ID, total)
	}
	remaining := total
	for i, item := range scored {
		for _, o := range item.Options {
			if p := item.points(o.Value); p <= remaining && reachable[i+1][remaining-p] {
				answers[item.ID] = o.Value
				remaining -= p
				break
			}
		}
	}
	return answers
}

// repeat answers every numbered item 1..n with value.
func repeat(n, value int) map[string]int {
	answers := make(map[string]int, n)
	for i := 1; i <= n; i++ {
		answers[strconv.Itoa(i)] = value
	}
	return answers
}

// with returns a copy of answers with the given item ids changed.
func with(answers map[string]int, changes map[string]int) map[string]int {
	out := maps.Clone(answers)
	maps.Copy(out, changes)
	return out
}
