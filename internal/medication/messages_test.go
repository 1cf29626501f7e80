package medication

import (
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale/localetest"
)

// Every message the rules build, with the values they build it with,
// reads in every language; and every code the pages label has a label.
func TestMessagesExistInEveryLanguage(t *testing.T) {
	msgs := map[string]i18n.Msg{}
	for i, m := range NaltrexoneStartWarnings(today, ptr(dayAt(-2)), &AgonistUse{Kind: Methadone, Last: dayAt(-1)}) {
		msgs["naltrexone "+string(rune('0'+i))] = m
	}
	msgs["unknown last use"] = NaltrexoneStartWarnings(today, nil, nil)[0]
	for _, b := range []string{BindingFederal, BindingState, BindingProgram} {
		msgs["limit "+b] = limitMsg(Ceiling{Binding: b})
	}
	err := CeilingFor(Methadone, 3, nil, nil).CheckSupply(9, 0, 28).(*onward.Error)
	msgs["beyond the ceiling"] = err.Fields["days"]
	for _, k := range Kinds {
		msgs["kind "+string(k)] = i18n.M("medkind." + string(k))
		msgs["add "+string(k)] = i18n.M("medadd." + string(k))
	}
	for _, s := range Specs {
		msgs["form "+string(s.Form)] = i18n.M("medform." + string(s.Form))
	}
	for _, s := range Statuses {
		msgs["status "+string(s)] = i18n.M("medstatus." + string(s))
	}
	for _, c := range Criteria {
		msgs["criterion "+string(c)] = i18n.M("medcriterion." + string(c))
	}
	for _, r := range AllReasons() {
		msgs["reason "+r] = i18n.M("medreason." + r)
	}
	for _, c := range []Change{Increase, Decrease, Revoke, Keep} {
		msgs["change "+string(c)] = i18n.M("medchange." + string(c))
	}
	for _, m := range []DayMark{MarkTaken, MarkMissed, MarkUnlogged, MarkPending} {
		msgs["mark "+string(m)] = i18n.M("medmark." + string(m))
	}
	for _, s := range []string{"maintenance", "standard", "low_dose"} {
		msgs["start "+s] = i18n.M("medstart." + s)
	}
	for _, s := range []Setting{Home, Observed} {
		msgs["setting "+string(s)] = i18n.M("medsetting." + string(s))
	}
	localetest.Read(t, msgs)
	var used []string
	for _, m := range msgs {
		used = append(used, m.ID)
	}
	localetest.AllUsed(t, used, "medkind.", "medadd.", "medform.", "medstatus.", "medcriterion.", "medreason.", "medchange.", "medmark.",
		"medstart.", "medsetting.", "medlimit.")
}
