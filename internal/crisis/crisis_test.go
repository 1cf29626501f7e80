package crisis

import (
	"regexp"
	"testing"

	"github.com/onward-recovery/onward/internal/config"
)

func TestEveryConfigurableCountryHasNumbers(t *testing.T) {
	digits := regexp.MustCompile(`^[0-9]+$`)
	for _, code := range config.Countries {
		c, ok := For(code)
		if !ok {
			t.Fatalf("country %s can be configured but has no crisis numbers", code)
		}
		for _, l := range append([]Line{c.Emergency}, c.Lines...) {
			if l.Name == "" || l.What == "" || !digits.MatchString(l.Tel) {
				t.Errorf("%s: line %+v lacks a name, a description or a dialable tel: number", code, l)
			}
		}
	}
	if us, _ := For("US"); us.Emergency.Tel != "911" || len(us.Lines) < 2 || us.Lines[0].Tel != "988" {
		t.Fatalf("US numbers are not 911, 988 and the SAMHSA helpline: %+v", us)
	}
}
