// Package mailtest runs a real SMTP server on loopback for tests: Onward
// sends to it over the network like to any mail server, and tests read back
// what arrived.
package mailtest

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one email as received.
type Message struct {
	From       string
	To         []string
	Subject    string
	Body       string
	ReceivedAt time.Time
}

// Server is a running SMTP sink.
type Server struct {
	smtp     *smtp.Server
	listener net.Listener
	mu       sync.Mutex
	messages []Message
	sessions int
	refused  map[string]bool
	arrived  chan struct{}
}

// Start listens on a free loopback port.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{listener: ln, arrived: make(chan struct{}, 1)}
	s.smtp = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.sessions++
		s.mu.Unlock()
		return &session{server: s}, nil
	}))
	s.smtp.Domain = "localhost"
	s.smtp.ReadTimeout = 10 * time.Second
	s.smtp.WriteTimeout = 10 * time.Second
	s.smtp.ErrorLog = discardLogger{}
	go s.smtp.Serve(ln)
	return s, nil
}

// URL is the address in the form Onward's --smtp-url takes.
func (s *Server) URL() string { return "smtp://" + s.listener.Addr().String() + "?tls=none" }

// Close stops the server. The listener is closed here too: Serve may not
// have taken it over yet.
func (s *Server) Close() error {
	s.listener.Close()
	return s.smtp.Close()
}

// Messages returns every message received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Sessions counts the connections made to the server.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// Refuse makes the server refuse mail to addr, as for an unknown mailbox.
// Its reply names the address, as real servers' replies do.
func (s *Server) Refuse(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused == nil {
		s.refused = map[string]bool{}
	}
	s.refused[strings.ToLower(addr)] = true
}

// WaitFor returns the first message to `to` received after `since`,
// waiting until ctx ends.
func (s *Server) WaitFor(ctx context.Context, to string, since time.Time) (Message, error) {
	for {
		for _, m := range s.Messages() {
			for _, rcpt := range m.To {
				if strings.EqualFold(rcpt, to) && !m.ReceivedAt.Before(since) {
					return m, nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return Message{}, fmt.Errorf("no email to %s arrived: %w", to, ctx.Err())
		case <-s.arrived:
		case <-time.After(50 * time.Millisecond):
		}
	}
}

type session struct {
	server *Server
	from   string
	to     []string
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.server.mu.Lock()
	refused := se.server.refused[strings.ToLower(to)]
	se.server.mu.Unlock()
	if refused {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: no such mailbox"}
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	parsed, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, err := decodeBody(parsed)
	if err != nil {
		return err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
	if err != nil {
		return err
	}
	s := se.server
	s.mu.Lock()
	s.messages = append(s.messages, Message{From: se.from, To: se.to, Subject: subject, Body: body, ReceivedAt: time.Now()})
	s.mu.Unlock()
	select {
	case s.arrived <- struct{}{}:
	default:
	}
	return nil
}

func decodeBody(m *mail.Message) (string, error) {
	var r io.Reader = m.Body
	switch strings.ToLower(m.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	return strings.ReplaceAll(string(b), "\r\n", "\n"), err
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}
