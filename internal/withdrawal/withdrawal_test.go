package withdrawal

import (
	"errors"
	"testing"
	"time"
)

// The expected phases are written out from clinical-facts.md §7, not read
// back from the timelines: each boundary is tested on both sides.
func TestEstimateAtEveryBoundary(t *testing.T) {
	last := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	const ns = time.Nanosecond
	cases := []struct {
		substance Substance
		since     time.Duration
		want      Phase
	}{
		{Heroin, 0, PhaseBeforeOnset},
		{Heroin, 6*time.Hour - ns, PhaseBeforeOnset},
		{Heroin, 6 * time.Hour, PhaseOnset},
		{Heroin, 24*time.Hour - ns, PhaseOnset},
		{Heroin, 24 * time.Hour, PhasePeak},
		{Heroin, 72*time.Hour - ns, PhasePeak},
		{Heroin, 72 * time.Hour, PhaseAcute},
		{Heroin, 10*24*time.Hour - ns, PhaseAcute},
		{Heroin, 10 * 24 * time.Hour, PhasePostAcute},
		{Heroin, 400 * 24 * time.Hour, PhasePostAcute},

		{PrescriptionOpioids, 6*time.Hour - ns, PhaseBeforeOnset},
		{PrescriptionOpioids, 6 * time.Hour, PhaseOnset},
		{PrescriptionOpioids, 24 * time.Hour, PhasePeak},
		{PrescriptionOpioids, 72 * time.Hour, PhaseAcute},
		{PrescriptionOpioids, 10 * 24 * time.Hour, PhasePostAcute},

		// Methadone: onset 24–48 h, about 2–3 weeks in all, no peak given.
		{Methadone, 24*time.Hour - ns, PhaseBeforeOnset},
		{Methadone, 24 * time.Hour, PhaseOnset},
		{Methadone, 48*time.Hour - ns, PhaseOnset},
		{Methadone, 48 * time.Hour, PhaseAcute},
		{Methadone, 21*24*time.Hour - ns, PhaseAcute},
		{Methadone, 21 * 24 * time.Hour, PhasePostAcute},

		// Fentanyl: the heroin timeline must not be applied (§7).
		{Fentanyl, 0, PhaseNotEstimated},
		{Fentanyl, 6 * time.Hour, PhaseNotEstimated},
		{Fentanyl, 30 * 24 * time.Hour, PhaseNotEstimated},
		// Buprenorphine: the sources give no timeline for stopping it.
		{Buprenorphine, 0, PhaseNotEstimated},
		{Buprenorphine, 72 * time.Hour, PhaseNotEstimated},
	}
	for _, tc := range cases {
		t.Run(string(tc.substance)+"/"+tc.since.String(), func(t *testing.T) {
			got, err := EstimateAt(tc.substance, last, last.Add(tc.since))
			if err != nil {
				t.Fatal(err)
			}
			if got.Phase != tc.want {
				t.Errorf("%s %s after last use: phase %q, want %q", tc.substance, tc.since, got.Phase, tc.want)
			}
			if got.Since != tc.since {
				t.Errorf("Since = %s, want %s", got.Since, tc.since)
			}
			if got.Estimated() != (tc.want != PhaseNotEstimated) {
				t.Errorf("Estimated() = %v for phase %q", got.Estimated(), got.Phase)
			}
		})
	}
}

func TestPublishedFigures(t *testing.T) {
	heroin, ok := TimelineOf(Heroin)
	if !ok {
		t.Fatal("no heroin timeline")
	}
	want := Timeline{OnsetFrom: 6 * time.Hour, OnsetTo: 12 * time.Hour, PeakFrom: 24 * time.Hour, PeakTo: 72 * time.Hour,
		AcuteUsuallyEnds: 7 * 24 * time.Hour, AcuteEnds: 10 * 24 * time.Hour, ModerateFrom: 12 * time.Hour, ModerateTo: 16 * time.Hour}
	if heroin != want {
		t.Errorf("heroin timeline = %+v, want %+v (clinical-facts §7)", heroin, want)
	}
	methadone, _ := TimelineOf(Methadone)
	if methadone.ModerateFrom != 30*time.Hour || methadone.ModerateTo != 48*time.Hour || methadone.AcuteEnds != 21*24*time.Hour {
		t.Errorf("methadone timeline = %+v, want moderate withdrawal at 30–48 h and about 3 weeks at most", methadone)
	}
	for _, s := range []Substance{Fentanyl, Buprenorphine} {
		if _, ok := TimelineOf(s); ok {
			t.Errorf("%s has a fixed timeline; the sources give none", s)
		}
	}
}

func TestEstimateAtRefusesImpossibleInput(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	if _, err := EstimateAt(Heroin, now.Add(time.Nanosecond), now); !errors.Is(err, ErrInFuture) {
		t.Errorf("a last use after now: error %v, want ErrInFuture", err)
	}
	for _, s := range []Substance{"", "alcohol", "other", "HEROIN"} {
		if _, err := EstimateAt(s, now, now); !errors.Is(err, ErrUnknownSubstance) {
			t.Errorf("substance %q: error %v, want ErrUnknownSubstance", s, err)
		}
	}
}

func TestEverySubstanceIsAnOnboardingSubstance(t *testing.T) {
	// The labels "substance.<code>" come from onboarding's list.
	onboarding := map[Substance]bool{"heroin": true, "fentanyl": true, "prescription_opioids": true, "methadone": true, "buprenorphine": true}
	for _, s := range Substances {
		if !onboarding[s] {
			t.Errorf("substance %q has no onboarding label", s)
		}
	}
	if len(Substances) != 5 {
		t.Errorf("%d substances, want the 5 the tracker follows", len(Substances))
	}
}
