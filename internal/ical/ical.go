// Package ical writes iCalendar (RFC 5545) calendars of events, the format
// calendar programs subscribe to. It writes only what Onward needs, to the
// letter of the RFC: CRLF line ends, lines folded at 75 octets without
// splitting a character, TEXT values escaped, times in UTC.
package ical

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a VCALENDAR of events.
type Calendar struct {
	ProductID string // PRODID, "-//Onward//Onward//EN"
	Name      string // X-WR-CALNAME and NAME (RFC 7986): the name calendars show
	Refresh   time.Duration
	Events    []Event
}

// Event is a VEVENT.
type Event struct {
	UID         string // globally unique and stable: the same event keeps it across fetches
	Stamp       time.Time
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string
	Sequence    int // goes up with each change of the event
	Cancelled   bool
}

// timeFormat is a DATE-TIME in UTC (RFC 5545 3.3.5, form 2).
const timeFormat = "20060102T150405Z"

// maxLine is the longest line in octets, CRLF excluded (RFC 5545 3.1).
const maxLine = 75

// Write writes c to w as an iCalendar stream.
func (c *Calendar) Write(w io.Writer) error {
	b := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", Text(c.ProductID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("NAME", Text(c.Name))
		line("X-WR-CALNAME", Text(c.Name))
	}
	if c.Refresh > 0 {
		line("REFRESH-INTERVAL;VALUE=DURATION", "PT"+strconv.Itoa(int(c.Refresh.Minutes()))+"M")
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", Text(e.UID))
		line("DTSTAMP", e.Stamp.UTC().Format(timeFormat))
		line("DTSTART", e.Start.UTC().Format(timeFormat))
		line("DTEND", e.End.UTC().Format(timeFormat))
		line("SEQUENCE", strconv.Itoa(e.Sequence))
		status := "CONFIRMED"
		if e.Cancelled {
			status = "CANCELLED"
		}
		line("STATUS", status)
		line("SUMMARY", Text(e.Summary))
		if e.Location != "" {
			line("LOCATION", Text(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", Text(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		line("CLASS", "PRIVATE")
		line("TRANSP", "OPAQUE")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Flush()
}

// writeFolded writes one content line, folded so that no line is longer
// than maxLine octets: a fold is CRLF and a space, placed between
// characters, never inside one (RFC 5545 3.1).
func writeFolded(w *bufio.Writer, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// Text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma are escaped, line breaks become \n, other control characters and
// invalid UTF-8 are dropped.
func Text(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 && c != '\t' || c == 0x7f:
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
