package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/crisis"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/recovery"
)

//go:embed templates
var templateFS embed.FS

// pageData is what every page template receives.
type pageData struct {
	Title    string // a message id
	Heading  string // instead of Title, a title already in the reader's language (an article's, a program's name)
	Locale   string
	User     *onward.User
	CSRF     string
	Path     string // this page's path, to come back to after switching language
	Flash    string
	Crisis   crisis.Country
	Form     url.Values
	Errors   map[string]string
	Data     any
	HTMX     bool // the page uses htmx; others do not load it
	Unread   int  // unread notifications, shown beside the inbox link
	TimeZone *time.Location
}

// Err returns the message for a form field, for templates.
func (p pageData) Err(field string) string { return p.Errors[field] }

// Value returns the submitted value of a form field, to refill the form.
func (p pageData) Value(field string) string { return p.Form.Get(field) }

// parseTemplates parses every page with the layout once per locale, so
// rendering only executes. Each page file defines "title" and "content".
func (s *Server) parseTemplates() (map[string]map[string]*template.Template, error) {
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range locale.Default().Languages() {
		code := lang.Code
		loc := locale.Default().For(code)
		out[code] = map[string]*template.Template{}
		funcs := template.FuncMap{
			"t":            loc.T,
			"msg":          loc.Msg,
			"label":        loc.Label,
			"capital":      capitalise,
			"asset":        s.assets.url,
			"date":         func(tz *time.Location, t time.Time) string { return loc.DateTime(t.In(tz)) },
			"json":         func(v any) (string, error) { b, err := json.Marshal(v); return string(b), err },
			"day":          func(d recovery.Date) string { return loc.Day(d.Year, d.Month, d.Day) },
			"shortday":     func(d recovery.Date) string { return loc.ShortDay(d.Month, d.Day) },
			"money":        loc.Money,
			"num":          loc.Number,
			"int":          loc.Int,
			"scales":       func() []scaleField { return checkInScales },
			"moods":        func() []scaleOption { return moodOptions },
			"cravings":     func() []scaleOption { return cravingOptions },
			"has":          func(list []string, v string) bool { return slices.Contains(list, v) },
			"pct":          func(part, whole int) int { return part * 100 / max(whole, 1) },
			"monthName":    func(d recovery.Date) string { return loc.MonthYear(d.Year, d.Month) },
			"weekdayNames": loc.WeekdaysFromMonday,
			"abbr":         func(s string) string { r := []rune(s); return string(r[:min(2, len(r))]) },
			"haltStates":   func() []string { return onward.HALTStates },
			"inc":          func(i int) int { return i + 1 },
			"tel":          telURL,
			"languages":    locale.Default().Languages,
			"planSection":  func(section string) string { return planSectionLabels[section] },
			"flag":         func(f caseload.Flag) string { return flagText(code, f) },
		}
		// The layout and partials are parsed once per language; each page
		// is parsed into a copy of them.
		base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
		if err != nil {
			return nil, fmt.Errorf("parse the layout and partials: %w", err)
		}
		for _, p := range pages {
			name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/pages/"), ".html")
			t, err := base.Clone()
			if err == nil {
				t, err = t.ParseFS(templateFS, p)
			}
			if err != nil {
				return nil, fmt.Errorf("parse template %s: %w", name, err)
			}
			out[code][name] = t
		}
	}
	return out, nil
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data pageData) error {
	return s.renderStatus(w, r, http.StatusOK, page, data)
}

// renderStatus fills in what every page needs and executes the page into a
// buffer first, so a template error never sends half a page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, page string, data pageData) error {
	st := state(r)
	data.Locale = st.locale
	data.User = st.user
	data.TimeZone = time.UTC
	if st.user != nil {
		data.TimeZone = location(st.user.TimeZone)
		n, err := s.app.UnreadNotifications(r.Context(), st.user)
		if err != nil {
			return err
		}
		data.Unread = n
	}
	data.CSRF = st.csrf
	data.Path = r.URL.Path
	data.Crisis = s.crisis
	if data.Flash == "" {
		data.Flash = s.takeFlash(w, r)
	}
	t, ok := s.pages[st.locale][page]
	if !ok {
		return fmt.Errorf("render: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// Pages can show personal data: never keep them in shared caches or
	// the browser's back-forward history on a shared device.
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderForm re-renders a form page with the submitted values and the
// field errors of err, with status 400 (or the error's own status).
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, page string, data pageData, err error) error {
	e, ok := err.(*onward.Error)
	if !ok {
		return err
	}
	data.Form = r.PostForm
	data.Errors = map[string]string{}
	for k, v := range e.Fields {
		data.Errors[k] = translateMsg(state(r).locale, v)
	}
	if len(e.Fields) == 0 || e.Message != "common.please_correct_the_highlighted_fields" {
		data.Flash = translate(state(r).locale, e.Message, e.Args...)
	}
	return s.renderStatus(w, r, statusOf(e.Code), page, data)
}

// flash messages survive one redirect (POST-redirect-GET) in a cookie.
func (s *Server) setFlash(w http.ResponseWriter, msg string) {
	s.setCookie(w, "flash", url.QueryEscape(msg), time.Minute)
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	v := s.cookie(r, "flash")
	if v == "" {
		return ""
	}
	s.setCookie(w, "flash", "", -1)
	// The cookie holds a message id; anything else (a forged cookie) is
	// dropped rather than shown.
	id, err := url.QueryUnescape(v)
	if err != nil || !locale.Default().Exists(id) {
		return ""
	}
	return translate(state(r).locale, id)
}

// redirect answers a form post with a redirect and a flash message.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		s.setFlash(w, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect after signing in or switching language on
// this site: a path, and nothing a browser could read as another host.
// Browsers drop tabs and newlines from URLs and read a backslash as a
// slash ("/\t/evil.example" leaves for evil.example), so control
// characters, spaces and backslashes are refused outright.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || !utf8.ValidString(next) ||
		strings.ContainsFunc(next, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetIndent("", "  ")
	enc.Encode(v)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// Its length lets compress leave a small answer as it is.
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	w.WriteHeader(status)
	w.Write(body.Bytes())
}

// telURL makes a tel: link from a phone number as people write it,
// keeping only the digits and a leading +.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}
