package ical

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The tests read what Write writes with a strict parser of RFC 5545 (the
// parts Onward uses), written here from the RFC rather than taken from a
// library that would forgive what calendar programs may not.

type property struct {
	name   string
	params map[string]string
	value  string
}

type component struct {
	name  string
	props []property
	subs  []*component
}

func (c *component) all(name string) []property {
	var out []property
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

// one returns the only property name, failing when there are more.
func (c *component) one(name string, required bool) (*property, error) {
	list := c.all(name)
	switch {
	case len(list) > 1:
		return nil, fmt.Errorf("%s: %s appears %d times", c.name, name, len(list))
	case len(list) == 0 && required:
		return nil, fmt.Errorf("%s: %s is missing", c.name, name)
	case len(list) == 0:
		return nil, nil
	}
	return &list[0], nil
}

var (
	nameRe       = regexp.MustCompile(`^(?:[A-Za-z0-9-]+)$`)
	paramValueRe = regexp.MustCompile(`^(?:"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)$`)
)

// parseStrict reads an iCalendar stream and fails on anything RFC 5545
// does not allow: bare LF or CR, lines over 75 octets, invalid UTF-8,
// malformed content lines, control characters in values, unbalanced
// components.
func parseStrict(data []byte) (*component, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("not UTF-8")
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return nil, errors.New("the stream does not end with CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var logical []string
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF", i+1)
		}
		if len(l) > maxLine {
			return nil, fmt.Errorf("line %d: %d octets, over 75", i+1, len(l))
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(logical) == 0 {
				return nil, errors.New("the stream starts with a continuation line")
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	var stack []*component
	var root *component
	for i, l := range logical {
		p, err := contentLine(l)
		if err != nil {
			return nil, fmt.Errorf("content line %d %q: %w", i+1, l, err)
		}
		switch p.name {
		case "BEGIN":
			c := &component{name: p.value}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("more than one calendar")
				}
				root = c
			} else {
				top := stack[len(stack)-1]
				top.subs = append(top.subs, c)
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != p.value {
				return nil, fmt.Errorf("END:%s closes nothing open", p.value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return nil, fmt.Errorf("%s outside a component", p.name)
			}
			top := stack[len(stack)-1]
			top.props = append(top.props, p)
		}
	}
	if len(stack) != 0 || root == nil || root.name != "VCALENDAR" {
		return nil, errors.New("the calendar is not one closed VCALENDAR")
	}
	return root, nil
}

// contentLine parses name *(";" param) ":" value (RFC 5545 3.1).
func contentLine(l string) (property, error) {
	colon := -1
	inQuote := false
	for i, r := range l {
		if r == '"' {
			inQuote = !inQuote
		}
		if r == ':' && !inQuote {
			colon = i
			break
		}
	}
	if colon < 0 {
		return property{}, errors.New("no colon")
	}
	head, value := l[:colon], l[colon+1:]
	for _, r := range value {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return property{}, fmt.Errorf("control character %U in the value", r)
		}
	}
	parts := strings.Split(head, ";")
	p := property{name: strings.ToUpper(parts[0]), params: map[string]string{}, value: value}
	if !nameRe.MatchString(parts[0]) {
		return property{}, fmt.Errorf("bad name %q", parts[0])
	}
	for _, param := range parts[1:] {
		k, v, ok := strings.Cut(param, "=")
		if !ok || !nameRe.MatchString(k) || !paramValueRe.MatchString(v) {
			return property{}, fmt.Errorf("bad parameter %q", param)
		}
		p.params[strings.ToUpper(k)] = v
	}
	return p, nil
}

// unescapeText reads a single TEXT value: every backslash starts one of
// the four escapes, and a comma or semicolon must be escaped.
func unescapeText(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) {
				return "", errors.New("a lone backslash")
			}
			i++
			switch s[i] {
			case '\\', ';', ',':
				b.WriteByte(s[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", fmt.Errorf("unknown escape \\%c", s[i])
			}
		case ',', ';':
			return "", fmt.Errorf("an unescaped %q", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func utcTime(p *property) (time.Time, error) {
	if len(p.params) != 0 {
		return time.Time{}, fmt.Errorf("%s: parameters on a UTC time", p.name)
	}
	return time.Parse(timeFormat, p.value)
}

// readCalendar checks the calendar's required properties and reads its
// events back.
func readCalendar(data []byte) (*Calendar, error) {
	root, err := parseStrict(data)
	if err != nil {
		return nil, err
	}
	version, err := root.one("VERSION", true)
	if err != nil || version.value != "2.0" {
		return nil, fmt.Errorf("VERSION: %v %v", version, err)
	}
	prodID, err := root.one("PRODID", true)
	if err != nil {
		return nil, err
	}
	c := &Calendar{}
	if c.ProductID, err = unescapeText(prodID.value); err != nil {
		return nil, err
	}
	for _, sub := range root.subs {
		if sub.name != "VEVENT" || len(sub.subs) > 0 {
			return nil, fmt.Errorf("unexpected component %s", sub.name)
		}
		var e Event
		text := func(name string, required bool, into *string) error {
			p, err := sub.one(name, required)
			if err != nil || p == nil {
				return err
			}
			*into, err = unescapeText(p.value)
			return err
		}
		stamp := func(name string, into *time.Time) error {
			p, err := sub.one(name, true)
			if err != nil {
				return err
			}
			*into, err = utcTime(p)
			return err
		}
		for _, step := range []error{text("UID", true, &e.UID), text("SUMMARY", false, &e.Summary), text("LOCATION", false, &e.Location),
			text("DESCRIPTION", false, &e.Description), stamp("DTSTAMP", &e.Stamp), stamp("DTSTART", &e.Start), stamp("DTEND", &e.End)} {
			if step != nil {
				return nil, step
			}
		}
		if !e.End.After(e.Start) {
			return nil, fmt.Errorf("event %s ends before it starts", e.UID)
		}
		if seq, err := sub.one("SEQUENCE", false); err != nil {
			return nil, err
		} else if seq != nil {
			if e.Sequence, err = strconv.Atoi(seq.value); err != nil || e.Sequence < 0 {
				return nil, fmt.Errorf("SEQUENCE %q", seq.value)
			}
		}
		status, err := sub.one("STATUS", false)
		if err != nil {
			return nil, err
		}
		if status != nil && !slices.Contains([]string{"TENTATIVE", "CONFIRMED", "CANCELLED"}, status.value) {
			return nil, fmt.Errorf("STATUS %q", status.value)
		}
		e.Cancelled = status != nil && status.value == "CANCELLED"
		if u, err := sub.one("URL", false); err != nil {
			return nil, err
		} else if u != nil {
			e.URL = u.value
		}
		c.Events = append(c.Events, e)
	}
	return c, nil
}

func sample() *Calendar {
	start := time.Date(2026, 12, 3, 15, 30, 0, 0, time.UTC)
	return &Calendar{ProductID: "-//Onward//Onward//EN", Name: "Onward", Refresh: time.Hour, Events: []Event{
		{UID: "0190f5c2-1@onward.test", Stamp: start.Add(-48 * time.Hour), Start: start, End: start.Add(90 * time.Minute), Summary: "Appointment"},
		{UID: "0190f5c2-2@onward.test", Stamp: start, Start: start.Add(7 * 24 * time.Hour), End: start.Add(7*24*time.Hour + time.Hour),
			Summary:     "Sesión de grupo: prevención de recaídas, con café; y \\ barra",
			Location:    "Sala 2, segundo piso; entrada por la calle Jefferson (la puerta azul) — 🚪 accesible",
			Description: "Línea uno\r\nLínea dos\nfin\x00\x07", URL: "https://onward.test/care", Sequence: 3, Cancelled: true},
	}}
}

func TestWriteIsStrictRFC5545(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := readCalendar(buf.Bytes())
	if err != nil {
		t.Fatalf("the strict parser refused the calendar: %v\n%s", err, buf.String())
	}
	want := sample()
	want.Events[1].Description = "Línea uno\nLínea dos\nfin"
	if len(got.Events) != 2 {
		t.Fatalf("%d events", len(got.Events))
	}
	for i := range want.Events {
		w, g := want.Events[i], got.Events[i]
		if g.UID != w.UID || g.Summary != w.Summary || g.Location != w.Location || g.Description != w.Description || g.URL != w.URL ||
			!g.Start.Equal(w.Start) || !g.End.Equal(w.End) || !g.Stamp.Equal(w.Stamp) || g.Sequence != w.Sequence || g.Cancelled != w.Cancelled {
			t.Errorf("event %d read back as\n%+v\nwant\n%+v", i, g, w)
		}
	}
	if !strings.Contains(buf.String(), "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n") {
		t.Error("no refresh interval")
	}
}

func TestParserRefuses(t *testing.T) {
	good := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
	if _, err := readCalendar([]byte(good)); err != nil {
		t.Fatalf("a minimal calendar was refused: %v", err)
	}
	for name, bad := range map[string]string{
		"BareLF":           strings.ReplaceAll(good, "\r\n", "\n"),
		"LongLine":         strings.Replace(good, "PRODID:x", "PRODID:"+strings.Repeat("x", 80), 1),
		"Unclosed":         strings.TrimSuffix(good, "END:VCALENDAR\r\n"),
		"NoVersion":        strings.Replace(good, "VERSION:2.0\r\n", "", 1),
		"UnescapedComma":   strings.Replace(good, "PRODID:x", "PRODID:a,b", 1),
		"ControlCharacter": strings.Replace(good, "PRODID:x", "PRODID:a\x01", 1),
		"NoTrailingCRLF":   strings.TrimSuffix(good, "\r\n"),
	} {
		if _, err := readCalendar([]byte(bad)); err == nil {
			t.Errorf("%s was accepted", name)
		}
	}
}

func TestFoldingKeepsCharactersWhole(t *testing.T) {
	for n := 60; n < 90; n++ {
		var buf bytes.Buffer
		c := &Calendar{ProductID: "p", Events: []Event{{UID: "u", Start: time.Unix(0, 0), End: time.Unix(60, 0),
			Summary: strings.Repeat("a", n%7) + strings.Repeat("é🙂", n)}}}
		if err := c.Write(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := readCalendar(buf.Bytes())
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if got.Events[0].Summary != c.Events[0].Summary {
			t.Fatalf("n=%d: the summary changed", n)
		}
	}
}

// FuzzRoundTrip writes events with any text and reads them back with the
// strict parser: the calendar is always valid and the text survives, but
// for the control characters and invalid UTF-8 that TEXT cannot hold.
func FuzzRoundTrip(f *testing.F) {
	f.Add("Appointment", "", "")
	f.Add("a,b;c\\d", "Room 1\r\nDTSTART:19700101T000000Z", "line\nline")
	f.Add(strings.Repeat("ñ", 80), "\xff\xfe", "\x00")
	f.Fuzz(func(t *testing.T, summary, location, description string) {
		c := &Calendar{ProductID: "-//Onward//Onward//EN", Events: []Event{{UID: "x@y", Start: time.Unix(1e9, 0), End: time.Unix(1e9+3600, 0),
			Summary: summary, Location: location, Description: description}}}
		var buf bytes.Buffer
		if err := c.Write(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := readCalendar(buf.Bytes())
		if err != nil {
			t.Fatalf("refused: %v\n%q", err, buf.String())
		}
		clean := func(s string) string {
			s = strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\r\n", "\n")
			s = strings.ReplaceAll(s, "\r", "\n")
			return strings.Map(func(r rune) rune {
				if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
					return -1
				}
				return r
			}, s)
		}
		e := got.Events[0]
		if e.Summary != clean(summary) || e.Location != clean(location) || e.Description != clean(description) {
			t.Fatalf("read back %q %q %q", e.Summary, e.Location, e.Description)
		}
	})
}
