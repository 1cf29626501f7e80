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

func TestSMTPMailerSendsABatchOverOneConnection(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.Refuse("gone@example.com")
	m, err := NewSMTPMailer(srv.URL(), "Onward <no-reply@onward.test>")
	if err != nil {
		t.Fatal(err)
	}
	batch := []Email{
		{To: "a@example.com", Subject: "one", Body: "1"},
		{To: "gone@example.com", Subject: "two", Body: "2"},
		{To: "not an address", Subject: "three", Body: "3"},
		{To: "b@example.com", Subject: "four", Body: "4"},
	}
	errs := SendAll(context.Background(), m, batch)
	if errs[0] != nil || errs[3] != nil || errs[1] == nil || errs[2] == nil {
		t.Fatalf("results %v: want the first and last sent, the others refused alone", errs)
	}
	for _, err := range errs[1:3] {
		if strings.Contains(err.Error(), "gone@") || strings.Contains(err.Error(), "not an address") {
			t.Fatalf("error %q names the recipient (errors are logged)", err)
		}
	}
	if got := len(srv.Messages()); got != 2 {
		t.Fatalf("%d messages arrived, want 2", got)
	}
	if got := srv.Sessions(); got != 1 {
		t.Fatalf("%d SMTP connections for one batch, want 1", got)
	}
}

func TestSMTPMailerBatchFailsWholeWhenTheServerIsDown(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewSMTPMailer(srv.URL(), "no-reply@onward.test")
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	for i, err := range m.SendBatch(context.Background(), []Email{{To: "a@example.com"}, {To: "b@example.com"}}) {
		if err == nil {
			t.Fatalf("message %d sent to a stopped server", i)
		}
	}
}

func TestNewSMTPMailerRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "http://mail.example.org", "smtp://", "smtp://host:notaport", "smtp://host?tls=maybe"} {
		if _, err := NewSMTPMailer(u, "a@example.org"); err == nil {
			t.Errorf("NewSMTPMailer(%q) accepted a bad URL", u)
		}
	}
}
