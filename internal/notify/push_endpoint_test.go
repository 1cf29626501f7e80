package notify

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPublicAddr(t *testing.T) {
	refused := []string{
		"127.0.0.1", "127.255.255.254", // loopback
		"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", // RFC 1918
		"169.254.169.254", "fe80::1", // link-local (cloud metadata lives here)
		"100.64.0.1", "100.127.255.255", // carrier-grade NAT
		"0.0.0.0", "0.1.2.3", "::", // unspecified, "this network"
		"224.0.0.1", "239.255.255.250", "ff02::1", "ff05::2", // multicast
		"255.255.255.255", "240.0.0.1", // broadcast, reserved
		"::1", "fc00::1", "fd12:3456::1", // loopback, ULA
		"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:100.64.0.1", "::ffff:0.0.0.0", // IPv4-mapped
		"::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:0:4136:e378::1", // IPv4 embedded: compatible, NAT64, 6to4, Teredo
		"192.0.2.1", "198.51.100.1", "203.0.113.1", "2001:db8::1", "198.18.0.1", "192.0.0.8", // documentation, benchmarking, IETF
		"fe80::1%eth0",
	}
	public := []string{"8.8.8.8", "1.1.1.1", "142.250.74.202", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
		"2607:f8b0:4004:c07::5f", "2a00:1450:4001::1", "::ffff:8.8.8.8"}
	for _, s := range refused {
		if PublicAddr(netip.MustParseAddr(s)) {
			t.Errorf("%s counted as public", s)
		}
	}
	for _, s := range public {
		if !PublicAddr(netip.MustParseAddr(s)) {
			t.Errorf("%s refused", s)
		}
	}
}

// fakeDNS answers lookups from a table; other names do not exist.
func fakeDNS(table map[string][]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		var out []netip.Addr
		for _, a := range table[host] {
			out = append(out, netip.MustParseAddr(a))
		}
		if len(out) == 0 {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		return out, nil
	}
}

var testDNS = fakeDNS(map[string][]string{
	"fcm.googleapis.com":                {"142.250.74.202", "2a00:1450:4001::1"},
	"updates.push.services.mozilla.com": {"34.117.65.55"},
	"internal.example.org":              {"10.1.2.3"},
	"mixed.example.org":                 {"142.250.74.202", "192.168.0.10"},
	"mapped.example.org":                {"::ffff:127.0.0.1"},
})

func TestPushEndpointsCheck(t *testing.T) {
	anyPublic := PushEndpoints{LookupHost: testDNS}
	listed := PushEndpoints{LookupHost: testDNS, Services: []string{"fcm.googleapis.com", ".push.services.mozilla.com"}}
	tests := []struct {
		endpoint string
		policy   PushEndpoints
		ok       bool
	}{
		{"https://fcm.googleapis.com/fcm/send/abc", anyPublic, true},
		{"https://updates.push.services.mozilla.com/wpush/v2/abc", anyPublic, true},
		{"https://8.8.8.8/push", anyPublic, true},
		{"https://unknown.example.net/push", anyPublic, true}, // not resolvable now: checked again at connect time
		{"http://fcm.googleapis.com/fcm/send/abc", anyPublic, false},
		{"ftp://fcm.googleapis.com/x", anyPublic, false},
		{"https://user:pw@fcm.googleapis.com/x", anyPublic, false},
		{"https:///nohost", anyPublic, false},
		{"https://127.0.0.1/x", anyPublic, false},
		{"https://127.0.0.1:9200/x", anyPublic, false},
		{"https://[::1]/x", anyPublic, false},
		{"https://[::ffff:127.0.0.1]/x", anyPublic, false},
		{"https://[::ffff:a00:1]/x", anyPublic, false},
		{"https://10.1.2.3:8443/x", anyPublic, false},
		{"https://169.254.169.254/latest/meta-data/", anyPublic, false},
		{"https://100.64.0.1/x", anyPublic, false},
		{"https://[fd00::1]/x", anyPublic, false},
		{"https://[fe80::1%25eth0]/x", anyPublic, false},
		{"https://0.0.0.0/x", anyPublic, false},
		{"https://localhost/x", anyPublic, false},
		{"https://LOCALHOST./x", anyPublic, false},
		{"https://api.localhost/x", anyPublic, false},
		{"https://intranet/x", anyPublic, false},
		{"https://127.1/x", anyPublic, false},
		{"https://2130706433/x", anyPublic, false},
		{"https://0x7f.0x1/x", anyPublic, false},
		{"https://internal.example.org/x", anyPublic, false}, // resolves into the private network
		{"https://mixed.example.org/x", anyPublic, false},
		{"https://mapped.example.org/x", anyPublic, false},
		{"https://fcm.googleapis.com/fcm/send/abc", listed, true},
		{"https://updates.push.services.mozilla.com/wpush/v2/abc", listed, true},
		{"https://evil-fcm.googleapis.com.example.net/x", listed, false},
		{"https://8.8.8.8/push", listed, false},
		{"https://unknown.example.net/push", listed, false},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			err := tt.policy.Check(context.Background(), tt.endpoint)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok && !errors.Is(err, ErrPushRefused) {
				t.Fatalf("accepted (err %v)", err)
			}
		})
	}
}

// countingServer is an https server on loopback that counts the
// connections made to it.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func TestPushClientNeverConnectsToAPrivateAddress(t *testing.T) {
	srv, conns := countingServer(t)
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	// Names that pass every check without a lookup, and resolve (now, or
	// after a rebinding) to the loopback server.
	rebound := fakeDNS(map[string][]string{
		"push.example.org":   {"127.0.0.1"},
		"mapped.example.org": {"::ffff:127.0.0.1"},
		"mixed.example.org":  {"142.250.74.202", "127.0.0.1"},
	})
	client := PushEndpoints{LookupHost: rebound}.Client()
	for _, u := range []string{
		srv.URL + "/push",
		"https://localhost" + port + "/push",
		"https://push.example.org" + port + "/push",
		"https://mapped.example.org" + port + "/push",
		"https://mixed.example.org" + port + "/push",
		"https://[::ffff:127.0.0.1]" + port + "/push",
	} {
		res, err := client.Post(u, "application/octet-stream", strings.NewReader("x"))
		if err == nil {
			res.Body.Close()
			t.Fatalf("%s: connected (%s)", u, res.Status)
		}
		if !errors.Is(err, ErrPushRefused) {
			t.Fatalf("%s: %v, want a refusal", u, err)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("the loopback server got %d connections", n)
	}
}

func TestPusherRefusesAndNamesNoEndpoint(t *testing.T) {
	srv, conns := countingServer(t)
	priv, pub, err := GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	p := &Pusher{PublicKey: pub, PrivateKey: priv, Subscriber: "mailto:ops@example.org"}
	p256dh, auth := testBrowserKeys(t)
	for _, endpoint := range []string{srv.URL + "/secret-token", strings.Replace(srv.URL, "https", "http", 1) + "/secret-token"} {
		err := p.Send(context.Background(), PushSubscription{Endpoint: endpoint, P256dh: p256dh, Auth: auth}, PushMessage{Title: "t"})
		if !errors.Is(err, ErrPushRefused) || strings.Contains(err.Error(), "secret-token") {
			t.Fatalf("%s: %v", endpoint, err)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("the loopback server got %d connections", n)
	}
}

// testBrowserKeys makes the keys a browser sends with its subscription.
func testBrowserKeys(t *testing.T) (p256dh, auth string) {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	return base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(secret)
}
