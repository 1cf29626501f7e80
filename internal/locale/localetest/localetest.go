// Package localetest holds the checks that the tests of the domain
// packages share: the wording they build exists in every language, and
// every message under their ids' prefixes is built by them. The domain
// packages build message ids at run time, so the source scan of
// internal/locale cannot see them; these checks can.
package localetest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale"
)

// Read puts every message of msgs (by where it is shown) in every
// language: where -> language code -> text. It fails t for a message that
// is not in the catalogs or reads as nothing or with a value missing.
func Read(t testing.TB, msgs map[string]i18n.Msg) map[string]map[string]string {
	t.Helper()
	catalog := locale.Default()
	out := map[string]map[string]string{}
	for _, where := range slices.Sorted(maps.Keys(msgs)) {
		m := msgs[where]
		if !catalog.Exists(m.ID) {
			t.Errorf("%s: message %q is not in the catalogs", where, m.ID)
			continue
		}
		out[where] = map[string]string{}
		for _, lang := range catalog.Languages() {
			s := catalog.For(lang.Code).Msg(m)
			if strings.TrimSpace(s) == "" || strings.Contains(s, "<no value>") {
				t.Errorf("%s in %s reads %q", where, lang.Code, s)
			}
			out[where][lang.Code] = s
		}
	}
	return out
}

// AllUsed fails t for every message whose id starts with one of prefixes
// and is not among used, and for every used id that is not a message.
func AllUsed(t testing.TB, used []string, prefixes ...string) {
	t.Helper()
	catalog := locale.Default()
	for _, id := range catalog.IDs() {
		if slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(id, p) }) && !slices.Contains(used, id) {
			t.Errorf("message %q is in the catalogs but nothing builds it", id)
		}
	}
	for _, id := range used {
		if !catalog.Exists(id) {
			t.Errorf("message %q is built but not in the catalogs", id)
		}
	}
}

// IDs lists the ids of msgs and of more.
func IDs(msgs map[string]i18n.Msg, more ...string) []string {
	for _, m := range msgs {
		more = append(more, m.ID)
	}
	return more
}
