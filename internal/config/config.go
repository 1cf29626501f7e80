// Package config reads Onward's settings from flags, with ONWARD_*
// environment variables as defaults, into one Config passed down to the
// parts that need it.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/medication"
)

// Config is every setting of a running instance.
type Config struct {
	Addr          string // listen address
	DB            string // SQLite file path or postgres:// URL
	Demo          bool   // load demo data into an empty database
	BaseURL       string // public URL, for links in email; derived from Addr when empty
	Country       string // crisis numbers shown: US, CA, GB, AU
	QuickExitURL  string // the neutral page "quick exit" leaves for
	SMTPURL       string // smtp://user:pass@host:port?tls=starttls; empty writes mail to the log
	MailFrom      string
	LogLevel      string // debug, info, warn, error
	MetricsToken  string // bearer token for /metrics
	MetricsOpen   bool   // serve /metrics to anyone, without the token
	TrustProxy    bool   // take the client address from X-Forwarded-For (behind a reverse proxy)
	CookieSecure  bool   // mark cookies Secure; on by default unless BaseURL is http
	ShutdownGrace time.Duration

	// The audit log's keys, kept outside the database: in a key file
	// (beside a SQLite database unless given), or both in the environment.
	AuditKeyFile         string
	AuditKey             string        // base64 HMAC-SHA256 key sealing entries
	AuditSigningKey      string        // base64 Ed25519 seed signing checkpoints
	AuditCheckpointEvery time.Duration // how often serve signs a checkpoint
	checkpointEvery      string        // as given, read by Finish

	// TakeHomePolicy is the state's methadone take-home policy, stricter
	// than the federal ceiling of 42 CFR 8.12(i) (nil: none); read by
	// Finish from takeHomePolicy, "FROMDAY:MAXDAYS,..." (docs/medication.md).
	TakeHomePolicy medication.Policy
	takeHomePolicy string

	// PushServices are the Web Push service hosts (each with its
	// subdomains) the server may send to; empty allows any https host on a
	// public address.
	PushServices []string

	// The keys that seal secrets kept in the database (two-step sign-in
	// keys), outside it: a key file (beside a SQLite database unless
	// given), or base64 keys in the environment, the sealing one first.
	SecretKeyFile string
	SecretKeys    string
}

// Countries whose crisis numbers Onward knows.
var Countries = []string{"US", "CA", "GB", "AU"}

// envOr returns the environment value for key when set, else def.
func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// Register defines the flags shared by the commands that open the
// database; serve adds the rest with RegisterServe.
func Register(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	fs.StringVar(&c.DB, "db", envOr(getenv, "ONWARD_DB", "onward.db"), "SQLite file `path` or postgres:// URL (ONWARD_DB)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(getenv, "ONWARD_LOG_LEVEL", "info"), "log `level`: debug, info, warn, error (ONWARD_LOG_LEVEL)")
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", getenv("ONWARD_AUDIT_KEY_FILE"), "`file` holding the audit log's keys, created (mode 0600) if missing; default: beside a SQLite database, DB.audit-keys (ONWARD_AUDIT_KEY_FILE)")
	fs.StringVar(&c.AuditKey, "audit-key", getenv("ONWARD_AUDIT_KEY"), "audit log sealing `key`, 32 random bytes in base64, instead of a key file; prefer the environment variable (ONWARD_AUDIT_KEY)")
	fs.StringVar(&c.AuditSigningKey, "audit-signing-key", getenv("ONWARD_AUDIT_SIGNING_KEY"), "audit checkpoint signing `key`, 32 random bytes in base64, with --audit-key (ONWARD_AUDIT_SIGNING_KEY)")
}

// RegisterServe defines the flags of onward serve.
func RegisterServe(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	Register(fs, c, getenv)
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "ONWARD_ADDR", "127.0.0.1:8080"), "listen `address` (ONWARD_ADDR)")
	fs.BoolVar(&c.Demo, "demo", envOr(getenv, "ONWARD_DEMO", "") == "true", "load demo data into an empty database and print the demo logins (ONWARD_DEMO=true)")
	fs.StringVar(&c.BaseURL, "base-url", getenv("ONWARD_BASE_URL"), "public `URL` used in emailed links, e.g. https://onward.example.org (ONWARD_BASE_URL)")
	fs.StringVar(&c.Country, "country", envOr(getenv, "ONWARD_COUNTRY", "US"), "`country` whose emergency and crisis numbers are shown: "+strings.Join(Countries, ", ")+" (ONWARD_COUNTRY)")
	fs.StringVar(&c.QuickExitURL, "quick-exit-url", envOr(getenv, "ONWARD_QUICK_EXIT_URL", "https://weather.com/"), "neutral `URL` the quick-exit control leaves for (ONWARD_QUICK_EXIT_URL)")
	fs.StringVar(&c.SMTPURL, "smtp-url", getenv("ONWARD_SMTP_URL"), "SMTP server `URL`, smtp://user:pass@host:587?tls=starttls|tls|none; unset writes email to the log (ONWARD_SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", envOr(getenv, "ONWARD_MAIL_FROM", "Onward <no-reply@localhost>"), "sender `address` of email (ONWARD_MAIL_FROM)")
	fs.StringVar(&c.MetricsToken, "metrics-token", getenv("ONWARD_METRICS_TOKEN"), "bearer `token` required to read /metrics; unset, /metrics answers no one (ONWARD_METRICS_TOKEN)")
	fs.BoolVar(&c.MetricsOpen, "metrics-open", envOr(getenv, "ONWARD_METRICS_OPEN", "") == "true", "serve /metrics to anyone without the token, only where the network itself keeps others out (ONWARD_METRICS_OPEN=true)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envOr(getenv, "ONWARD_TRUST_PROXY", "") == "true", "take client addresses from X-Forwarded-For; only behind your own reverse proxy (ONWARD_TRUST_PROXY=true)")
	fs.Func("cookie-secure", "mark cookies Secure: true or false; default true unless the base URL is http:// (ONWARD_COOKIE_SECURE)", func(s string) error {
		v, err := strconv.ParseBool(s)
		c.CookieSecure = v
		return err
	})
	fs.DurationVar(&c.ShutdownGrace, "shutdown-grace", 20*time.Second, "how long in-flight requests may take to finish on shutdown")
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", getenv("ONWARD_SECRET_KEY_FILE"), "`file` of the keys that seal two-step sign-in keys in the database, created (mode 0600) if missing; default: beside a SQLite database, DB.secret-keys (ONWARD_SECRET_KEY_FILE)")
	fs.StringVar(&c.SecretKeys, "secret-keys", getenv("ONWARD_SECRET_KEYS"), "instead of a key file: `keys` (32 random bytes each, base64), comma-separated, the sealing key first; prefer the environment variable (ONWARD_SECRET_KEYS)")
	fs.StringVar(&c.checkpointEvery, "audit-checkpoint-every", envOr(getenv, "ONWARD_AUDIT_CHECKPOINT_EVERY", "1h"), "how often to sign a checkpoint of the audit log: a `duration` of at least 1m (ONWARD_AUDIT_CHECKPOINT_EVERY)")
	fs.StringVar(&c.takeHomePolicy, "take-home-policy", getenv("ONWARD_TAKE_HOME_POLICY"), "the state's methadone take-home `policy` where it is stricter than the federal rule: FROMDAY:MAXDAYS steps in days of treatment, e.g. 0:1,90:6,180:13 (ONWARD_TAKE_HOME_POLICY)")
	c.PushServices = splitList(getenv("ONWARD_PUSH_SERVICES"))
	fs.Func("push-services", "comma-separated `hosts` of the Web Push services to allow, each with its subdomains, e.g. fcm.googleapis.com,push.services.mozilla.com; unset allows any https host on a public address (ONWARD_PUSH_SERVICES)", func(s string) error {
		c.PushServices = splitList(s)
		return nil
	})
}

// splitList splits a comma-separated setting, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// checkHostSuffix accepts a DNS name with at least two labels, optionally
// with a leading dot ("push.services.mozilla.com", ".notify.windows.com").
func checkHostSuffix(h string) error {
	labels := strings.Split(strings.TrimPrefix(h, "."), ".")
	if len(labels) < 2 {
		return fmt.Errorf("push service %q: want a host name such as fcm.googleapis.com", h)
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return fmt.Errorf("push service %q: want a host name such as fcm.googleapis.com", h)
		}
	}
	return nil
}

// Finish fills in derived settings and checks them. It must be called after
// flag parsing; explicitSecure tells whether -cookie-secure was given.
func (c *Config) Finish(getenv func(string) string, explicitSecure bool) error {
	c.Country = strings.ToUpper(c.Country)
	known := false
	for _, k := range Countries {
		known = known || c.Country == k
	}
	if !known {
		return fmt.Errorf("country %q: choose one of %s", c.Country, strings.Join(Countries, ", "))
	}
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return fmt.Errorf("addr %q: want host:port, e.g. 127.0.0.1:8080", c.Addr)
		}
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base url %q: want http(s)://host[:port]", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if q, err := url.Parse(c.QuickExitURL); err != nil || (q.Scheme != "https" && q.Scheme != "http") {
		return fmt.Errorf("quick exit url %q: want an http(s) URL", c.QuickExitURL)
	}
	if c.AuditCheckpointEvery, err = time.ParseDuration(c.checkpointEvery); err != nil || c.AuditCheckpointEvery < time.Minute {
		return fmt.Errorf("audit checkpoint every %q: want a duration of at least 1m, e.g. 1h", c.checkpointEvery)
	}
	for _, h := range c.PushServices {
		if err := checkHostSuffix(h); err != nil {
			return err
		}
	}
	if c.TakeHomePolicy, err = medication.ParsePolicy(c.takeHomePolicy); err != nil {
		return err
	}
	if !explicitSecure {
		if v := getenv("ONWARD_COOKIE_SECURE"); v != "" {
			if c.CookieSecure, err = strconv.ParseBool(v); err != nil {
				return fmt.Errorf("ONWARD_COOKIE_SECURE=%q: want true or false", v)
			}
		} else {
			c.CookieSecure = u.Scheme == "https"
		}
	}
	return nil
}
