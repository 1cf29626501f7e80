// Package notify sends messages to people. Email goes through SMTP when an
// SMTP server is configured, and to the log when not, so a small instance
// (or a developer) can still complete a password reset.
package notify

import (
	"context"
	"errors"
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

// BatchMailer is a Mailer that can send many messages over one connection.
type BatchMailer interface {
	Mailer
	// SendBatch sends es and returns one error per message, in order: nil
	// for each message the server accepted.
	SendBatch(ctx context.Context, es []Email) []error
}

// SendAll sends es with m, over one connection when m is a BatchMailer,
// and returns one error per message, in order.
func SendAll(ctx context.Context, m Mailer, es []Email) []error {
	if b, ok := m.(BatchMailer); ok {
		return b.SendBatch(ctx, es)
	}
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = m.Send(ctx, e)
	}
	return errs
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
	return m.SendBatch(ctx, []Email{e})[0]
}

// SendBatch delivers es over one SMTP connection. A message the server
// refuses fails alone; when the connection cannot be made, all fail.
func (m *SMTPMailer) SendBatch(ctx context.Context, es []Email) []error {
	errs := make([]error, len(es))
	msgs := make([]*gomail.Msg, len(es))
	var ready []*gomail.Msg
	for i, e := range es {
		if msgs[i], errs[i] = m.message(e); errs[i] == nil {
			ready = append(ready, msgs[i])
		}
	}
	if len(ready) == 0 {
		return errs
	}
	client, err := gomail.NewClient(m.host, m.opts...)
	if err == nil {
		err = client.DialAndSendWithContext(ctx, ready...)
	}
	for i, msg := range msgs {
		switch {
		case msg == nil || msg.IsDelivered():
		case msg.HasSendError():
			errs[i] = sendError(msg.SendError())
		default: // never reached the server
			errs[i] = sendError(err)
		}
	}
	return errs
}

// sendError describes an SMTP failure without the recipient's address
// (go-mail's errors list it, and the server's replies may repeat it):
// failures are logged and kept on the job, and logs carry no personal data.
func sendError(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) {
		return fmt.Errorf("send mail: %s (SMTP code %d, %q)", se.Reason, se.ErrorCode(), se.EnhancedStatusCode())
	}
	return fmt.Errorf("send mail: %w", err)
}

// message builds e as a plain-text message from m.From.
func (m *SMTPMailer) message(e Email) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("mail from %q: %w", m.From, err)
	}
	if err := msg.To(e.To); err != nil {
		return nil, errors.New("mail to: the recipient's address is not valid") // no address: errors are logged
	}
	msg.Subject(e.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, e.Body)
	return msg, nil
}
