package config

import (
	"flag"
	"io"
	"slices"
	"testing"
)

func TestPushServices(t *testing.T) {
	tests := []struct {
		name string
		env  string
		args []string
		want []string
		ok   bool
	}{
		{"unset allows any public host", "", nil, nil, true},
		{"from the environment", " FCM.googleapis.com , push.services.mozilla.com,", nil, []string{"fcm.googleapis.com", "push.services.mozilla.com"}, true},
		{"the flag wins", "fcm.googleapis.com", []string{"-push-services", ".notify.windows.com"}, []string{".notify.windows.com"}, true},
		{"one label", "com", nil, nil, false},
		{"a URL", "https://fcm.googleapis.com", nil, nil, false},
		{"a port", "fcm.googleapis.com:443", nil, nil, false},
		{"empty label", "fcm..googleapis.com", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "ONWARD_PUSH_SERVICES" {
					return tt.env
				}
				return ""
			}
			var c Config
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			RegisterServe(fs, &c, getenv)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			err := c.Finish(getenv, false)
			if (err == nil) != tt.ok {
				t.Fatalf("Finish: %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && !slices.Equal(c.PushServices, tt.want) {
				t.Fatalf("push services %q, want %q", c.PushServices, tt.want)
			}
		})
	}
}

func TestTakeHomePolicy(t *testing.T) {
	parse := func(env string, args ...string) (Config, error) {
		getenv := func(k string) string {
			if k == "ONWARD_TAKE_HOME_POLICY" {
				return env
			}
			return ""
		}
		var c Config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		RegisterServe(fs, &c, getenv)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return c, c.Finish(getenv, false)
	}
	for _, tt := range []struct{ env, flag, want string }{{"", "", ""}, {"0:1,90:6,180:13", "", "0:1,90:6,180:13"}, {"0:1", "0:3,31:14", "0:3,31:14"}} {
		args := []string{}
		if tt.flag != "" {
			args = []string{"-take-home-policy", tt.flag}
		}
		c, err := parse(tt.env, args...)
		if err != nil || c.TakeHomePolicy.String() != tt.want {
			t.Errorf("env %q flag %q: %v, %v; want %q", tt.env, tt.flag, c.TakeHomePolicy, err, tt.want)
		}
	}
	if _, err := parse("0:40"); err == nil {
		t.Error("a policy beyond 28 days was accepted")
	}
}
