// Package notify sends messages to people. Email goes through SMTP when an
// SMTP server is configured, and to the log when not, so a small instance
// (or a developer) can still complete a password reset.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"

	gomail "github.com/wneessen/go-mail"
)

// Email is one plain-text message. Subjects must stay discreet: no health
// detail, because subjects show on lock screens and shared inboxes.
type Email struct {
	To      string
	Subject string
	Body    string
}

// Mailer sends email.
type Mailer interface {
	Send(ctx context.Context, e Email) error
}

// LogMailer writes email to the log instead of sending it.
type LogMailer struct{ Log *slog.Logger }

// Send logs the message, including its body (which carries links such as
// password resets) so an operator without SMTP can pass them on.
func (m LogMailer) Send(ctx context.Context, e Email) error {
	m.Log.InfoContext(ctx, "email not sent: no SMTP server configured", "to", e.To, "subject", e.Subject, "body", e.Body)
	return nil
}

// SMTPMailer sends through an SMTP server.
type SMTPMailer struct {
	From string
	opts []gomail.Option
	host string
}

// NewSMTPMailer configures a mailer from a URL such as
// smtp://user:pass@mail.example.org:587?tls=starttls. tls is "starttls"
// (default: required), "tls" (implicit TLS, port 465) or "none" (loopback
// relays and tests only).
func NewSMTPMailer(rawURL, from string) (*SMTPMailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, fmt.Errorf("smtp url %q: want smtp://[user:pass@]host[:port][?tls=starttls|tls|none]", rawURL)
	}
	m := &SMTPMailer{From: from, host: u.Hostname()}
	port := 587
	switch tls := u.Query().Get("tls"); tls {
	case "", "starttls":
		m.opts = append(m.opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "tls":
		port = 465
		m.opts = append(m.opts, gomail.WithSSL())
	case "none":
		port = 25
		m.opts = append(m.opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("smtp url tls=%q: want starttls, tls or none", tls)
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("smtp url port %q: %w", p, err)
		}
	}
	m.opts = append(m.opts, gomail.WithPort(port))
	if u.User != nil {
		pass, _ := u.User.Password()
		m.opts = append(m.opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	return m, nil
}

// Send delivers e, or returns why not.
func (m *SMTPMailer) Send(ctx context.Context, e Email) error {
	msg := gomail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return fmt.Errorf("mail from %q: %w", m.From, err)
	}
	if err := msg.To(e.To); err != nil {
		return fmt.Errorf("mail to %q: %w", e.To, err)
	}
	msg.Subject(e.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, e.Body)
	client, err := gomail.NewClient(m.host, m.opts...)
	if err != nil {
		return fmt.Errorf("mail client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	return nil
}
