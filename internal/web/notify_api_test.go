package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

func TestNotifyAPISupportRequestsAndInbox(t *testing.T) {
	e := newEnv(t)
	member, _ := newMember(t, e)
	sam := e.addUser("sam@example.com", onward.RoleSupporter)
	shareWith(t, e, member, sam, onward.CategoryAlerts)
	c := e.newClient()
	memberToken, samToken := createAPIToken(t, e, member), createAPIToken(t, e, sam)

	wantStatus(t, c.api("POST", "/api/v1/support-requests", samToken, ""), http.StatusForbidden)
	wantStatus(t, c.api("POST", "/api/v1/support-requests", "", ""), http.StatusUnauthorized)
	res := c.api("POST", "/api/v1/support-requests", memberToken, "")
	wantStatus(t, res, http.StatusCreated)
	var created struct {
		ID         string `json:"id"`
		Recipients int    `json:"recipients"`
	}
	if err := json.Unmarshal([]byte(res.body), &created); err != nil || created.Recipients != 1 {
		t.Fatalf("created %s (%v)", res.body, err)
	}

	res = c.api("GET", "/api/v1/notifications", samToken, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"unread": 1`, `"kind": "support_request"`, `"ref_id": "`+created.ID+`"`)

	answers := "/api/v1/support-requests/" + created.ID + "/answers"
	tests := []struct {
		name, token, body string
		status            int
	}{
		{"not JSON", samToken, `answer=calling`, http.StatusBadRequest},
		{"unknown answer", samToken, `{"answer":"tomorrow"}`, http.StatusBadRequest},
		{"unknown field", samToken, `{"answer":"calling","note":"x"}`, http.StatusBadRequest},
		{"the member themself", memberToken, `{"answer":"calling"}`, http.StatusForbidden},
		{"the recipient", samToken, `{"answer":"calling"}`, http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantStatus(t, c.api("POST", answers, tt.token, tt.body), tt.status)
		})
	}
	res = c.api("GET", "/api/v1/support-requests/"+created.ID, memberToken, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"answer": "calling"`, `"supporter_name": "sam"`)
	wantStatus(t, c.api("GET", "/api/v1/support-requests/"+created.ID, samToken, ""), http.StatusForbidden)
	wantStatus(t, c.api("POST", "/api/v1/notifications/read", samToken, ""), http.StatusNoContent)
	wantBody(t, c.api("GET", "/api/v1/notifications", samToken, ""), `"unread": 0`)
}

func TestNotifyAPIPushKeyAndSubscriptions(t *testing.T) {
	e := newEnv(t)
	u, _ := newMember(t, e)
	token := createAPIToken(t, e, u)
	c := e.newClient()

	first := c.api("GET", "/api/v1/push/key", "", "")
	wantStatus(t, first, http.StatusOK)
	var key struct {
		PublicKey string `json:"public_key"`
	}
	if err := json.Unmarshal([]byte(first.body), &key); err != nil {
		t.Fatal(err)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(key.PublicKey); err != nil || len(raw) != 65 {
		t.Fatalf("public key %q is not a P-256 point (%v)", key.PublicKey, err)
	}
	if again := c.api("GET", "/api/v1/push/key", "", ""); again.body != first.body {
		t.Fatalf("key changed: %s then %s", first.body, again.body)
	}

	p256dh := base64.RawURLEncoding.EncodeToString(append([]byte{4}, make([]byte, 64)...))
	auth := base64.RawURLEncoding.EncodeToString(make([]byte, 16))
	sub := func(endpoint, p, a string) string {
		b, _ := json.Marshal(map[string]any{"endpoint": endpoint, "keys": map[string]string{"p256dh": p, "auth": a}})
		return string(b)
	}
	tests := []struct {
		name, body string
		status     int
		field      string
	}{
		{"plain http endpoint", sub("http://push.example/1", p256dh, auth), http.StatusBadRequest, "endpoint"},
		// The server connects to the endpoint: nothing in its own network.
		{"loopback endpoint", sub("https://127.0.0.1:8080/admin", p256dh, auth), http.StatusBadRequest, "endpoint"},
		{"IPv6 loopback endpoint", sub("https://[::1]/x", p256dh, auth), http.StatusBadRequest, "endpoint"},
		{"IPv4-mapped loopback endpoint", sub("https://[::ffff:127.0.0.1]/x", p256dh, auth), http.StatusBadRequest, "endpoint"},
		{"localhost endpoint", sub("https://localhost:5432/x", p256dh, auth), http.StatusBadRequest, "endpoint"},
		{"private network endpoint", sub("https://10.0.0.5/x", p256dh, auth), http.StatusBadRequest, "endpoint"},
		{"cloud metadata endpoint", sub("https://169.254.169.254/latest/meta-data/", p256dh, auth), http.StatusBadRequest, "endpoint"},
		{"short key", sub("https://push.example/1", "AAAA", auth), http.StatusBadRequest, "keys.p256dh"},
		{"short auth", sub("https://push.example/1", p256dh, "AAAA"), http.StatusBadRequest, "keys.auth"},
		{"valid", sub("https://push.example/1", p256dh, auth), http.StatusNoContent, ""},
		{"again replaces", sub("https://push.example/1", p256dh, auth), http.StatusNoContent, ""},
		// What browsers send: PushSubscription.toJSON() includes expirationTime.
		{"as a browser sends it", `{"endpoint": "https://push.example/3", "expirationTime": null, "keys": {"p256dh": "` + p256dh + `", "auth": "` + auth + `"}}`, http.StatusNoContent, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("POST", "/api/v1/push/subscriptions", token, tt.body)
			wantStatus(t, res, tt.status)
			if tt.field != "" {
				if b := decodeError(t, res); b.Error.Fields[tt.field] == "" {
					t.Fatalf("no error for %s: %s", tt.field, res.body)
				}
			}
		})
	}
	wantStatus(t, c.api("POST", "/api/v1/push/subscriptions", "", sub("https://push.example/2", p256dh, auth)), http.StatusUnauthorized)
	unsub := `{"endpoint":"https://push.example/1"}`
	wantStatus(t, c.api("DELETE", "/api/v1/push/subscriptions", token, unsub), http.StatusNoContent)
	res := c.api("DELETE", "/api/v1/push/subscriptions", token, unsub)
	wantStatus(t, res, http.StatusNotFound)
	if !strings.Contains(res.body, "No such push subscription.") {
		t.Fatalf("body %s", res.body)
	}
}
