package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/notify/mailtest"
)

func TestSMTPMailerDeliversToARealServer(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	m, err := NewSMTPMailer(srv.URL(), "Onward <no-reply@onward.test>")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	body := "Open this link:\n\nhttps://onward.test/password/reset/abc\n\nÁnimo, señal de esperanza."
	if err := m.Send(ctx, Email{To: "ana@example.com", Subject: "Su enlace de Onward", Body: body}); err != nil {
		t.Fatalf("send: %v", err)
	}
	got, err := srv.WaitFor(ctx, "ana@example.com", start)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Su enlace de Onward" || !strings.Contains(got.Body, "https://onward.test/password/reset/abc") || !strings.Contains(got.Body, "señal") {
		t.Fatalf("received %+v", got)
	}
	if got.From != "no-reply@onward.test" {
		t.Fatalf("envelope sender %q", got.From)
	}
}

func TestNewSMTPMailerRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "http://mail.example.org", "smtp://", "smtp://host:notaport", "smtp://host?tls=maybe"} {
		if _, err := NewSMTPMailer(u, "a@example.org"); err == nil {
			t.Errorf("NewSMTPMailer(%q) accepted a bad URL", u)
		}
	}
}
