package medication

import (
	"slices"
	"testing"
)

// The medicines in use on a day, from the member's plans and the programs'
// orders: what a drug test is expected to find is judged from them.
func TestInUse(t *testing.T) {
	bup := Plan{Kind: Buprenorphine, Form: Film, StartOn: dayAt(-30)}
	stoppedBup := Plan{Kind: Buprenorphine, Form: Film, StartOn: dayAt(-30), StoppedOn: ptr(dayAt(-2))}
	futureBup := Plan{Kind: Buprenorphine, Form: Film, StartOn: dayAt(1)}
	kit := Plan{Kind: Naloxone, Form: NasalSpray, StartOn: dayAt(-30)}
	naltrexone := Plan{Kind: Naltrexone, Form: XRInjection, StartOn: dayAt(-10)}
	methadoneV1 := Order{SeriesID: "m", Version: 1, Kind: Methadone, Form: OralLiquid, StartOn: dayAt(-40)}
	methadoneEnded := Order{SeriesID: "m", Version: 2, Kind: Methadone, Form: OralLiquid, StartOn: dayAt(-5), EndOn: ptr(dayAt(-1))}
	methadoneNext := Order{SeriesID: "m", Version: 2, Kind: Methadone, Form: OralLiquid, StartOn: dayAt(3)}
	bupOrder := Order{SeriesID: "b", Version: 1, Kind: Buprenorphine, Form: SublingualTablet, StartOn: dayAt(-3)}
	tests := []struct {
		name   string
		plans  []Plan
		orders []Order
		want   []Kind
	}{
		{"Nothing", nil, nil, []Kind{}},
		{"OwnPlan", []Plan{bup}, nil, []Kind{Buprenorphine}},
		{"StoppedPlan", []Plan{stoppedBup}, nil, []Kind{}},
		{"PlanNotStartedYet", []Plan{futureBup}, nil, []Kind{}},
		{"NaloxoneIsCarriedNotTaken", []Plan{kit}, nil, []Kind{}},
		{"NaltrexoneIsAMedicine", []Plan{naltrexone, kit}, nil, []Kind{Naltrexone}},
		{"OrderInForce", nil, []Order{methadoneV1}, []Kind{Methadone}},
		{"OrderEndedByItsNewestVersion", nil, []Order{methadoneV1, methadoneEnded}, []Kind{}},
		{"NewerVersionNotStartedYet", nil, []Order{methadoneNext, methadoneV1}, []Kind{Methadone}},
		{"PlanAndOrdersOnceEach", []Plan{bup, stoppedBup, kit}, []Order{bupOrder, methadoneV1}, []Kind{Buprenorphine, Methadone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InUse(tt.plans, tt.orders, today); !slices.Equal(got, tt.want) {
				t.Errorf("in use: %v, want %v", got, tt.want)
			}
		})
	}
}
