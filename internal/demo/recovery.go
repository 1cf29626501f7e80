package demo

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// loadRecovery gives Maria (the demo member) a recovery to look at: she
// last used 75 days ago, had one lapse 50 days ago, has checked in most of
// the last two weeks with cravings easing, and has written a plan.
func loadRecovery(ctx context.Context, tx *sqlstore.Tx, maria *onward.User) error {
	loc, err := time.LoadLocation(maria.TimeZone)
	if err != nil {
		return err
	}
	today := recovery.DateOf(tx.Now.In(loc), loc)
	// Maria's own records, written as she would: under the recorded
	// decision that she may change her own data.
	decision := policy.Decide(policy.Request{Viewer: onward.Principal{UserID: maria.ID, Role: maria.Role}, SubjectID: maria.ID,
		Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryJournal}},
		nil, tx.Now)
	d, err := tx.Record(ctx, decision)
	if err != nil {
		return err
	}
	profile := &onward.RecoveryProfile{UserID: maria.ID, LastUse: today.AddDays(-75), Substances: []string{"heroin", "fentanyl"},
		Medication: "buprenorphine", TreatmentLevel: "intensive_outpatient", Reasons: "Mi hija Lucía, y volver a estudiar enfermería.",
		DailySpend: 40, DailyHours: 4, CheckinTime: "20:30"}
	if err := tx.SaveProfile(ctx, d, profile); err != nil {
		return err
	}
	if err := tx.AddLapse(ctx, d, &onward.Lapse{UserID: maria.ID, Day: today.AddDays(-50), What: "heroína",
		LedTo: "Día de pago, sola en casa después de una discusión."}); err != nil {
		return err
	}
	taken := true
	for ago := 13; ago >= 0; ago-- {
		if ago == 9 || ago == 4 { // a couple of missed days, as in real life
			continue
		}
		sleep := 6.0 + float64(ago%3)
		c := &onward.CheckIn{UserID: maria.ID, Day: today.AddDays(-ago), Mood: 3 + (13-ago)%3/2, Craving: 2 + ago/3,
			SleepHours: &sleep, SleepQuality: 3, Stress: 2 + ago%2, Lonely: 2, Irritable: 2, MedicationTaken: &taken,
			Meeting: ago%3 == 0, SupportContact: ago%2 == 0, Exercise: ago%2 == 1, Food: true}
		if _, err := tx.SaveCheckIn(ctx, d, c, nil); err != nil {
			return err
		}
	}
	plan := &onward.Plan{UserID: maria.ID,
		Triggers:     []string{"Día de pago", "Discusiones con mi ex", "Pasar por la calle Oak"},
		HALT:         []string{"lonely", "tired"},
		WarningSigns: []string{"Saltarme comidas", "No contestar el teléfono", "Pensar que «solo una vez» no pasa nada"},
		Coping:       []string{"Salir a caminar 15 minutos", "Llamar a Sam", "Ducha fría", "Ir a la reunión de los jueves"},
		People:       []onward.Contact{{Name: "Sam (hermano)", Phone: "555-0100"}, {Name: "Madrina de NA", Phone: "555-0142"}},
		Reasons:      []string{"Lucía", "Terminar enfermería"},
		SafePlaces:   []string{"La biblioteca", "Casa de mi mamá"}}
	if err := tx.SavePlan(ctx, d, plan); err != nil {
		return err
	}
	started := tx.Now.Add(-26 * time.Hour)
	if err := tx.AddUrge(ctx, d, &onward.Urge{UserID: maria.ID, StartedAt: started, EndedAt: started.Add(17 * time.Minute),
		Passed: true, Helped: []string{"Salir a caminar 15 minutos"}}); err != nil {
		return err
	}
	return tx.AccountEvent(ctx, "", maria.ID, "demo_recovery_loaded")
}
