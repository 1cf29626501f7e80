package notify

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrPushRefused means Onward will not connect to a push endpoint: it is
// not https, not on a public address, or not one of the configured push
// services. A browser chooses its endpoint, so without this anyone could
// make the server send requests into its own network.
var ErrPushRefused = errors.New("push endpoint refused: not an https URL of a push service on a public address")

// PushEndpoints decides where Web Push may connect. Endpoints are checked
// when a browser subscribes (Check) and again at every connection (Client):
// the client resolves the name itself, refuses it unless every address is
// public, and connects to the address it checked, so a name that later
// resolves into the private network (DNS rebinding) is refused too.
type PushEndpoints struct {
	// Services, when not empty, are the only push service hosts allowed:
	// each entry matches that host and its subdomains
	// ("push.services.mozilla.com", "fcm.googleapis.com").
	Services []string
	// LookupHost resolves a name; nil is the system's resolver.
	LookupHost func(ctx context.Context, host string) ([]netip.Addr, error)
}

// Check refuses an endpoint Onward would not connect to: not https, a
// user name or password in it, a service not in Services, an address that
// is not public, or a name that resolves to one. A name that cannot be
// resolved now is not refused: every connection is checked again.
func (p PushEndpoints) Check(ctx context.Context, endpoint string) error {
	host, err := p.host(endpoint)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := p.resolve(ctx, host)
	if err != nil {
		return nil
	}
	return allPublic(addrs)
}

// host returns endpoint's host name or address when the endpoint passes
// the checks that need no lookup.
func (p PushEndpoints) host(endpoint string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Hostname() == "" {
		return "", ErrPushRefused
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if _, err := netip.ParseAddr(host); err != nil {
		// A name without a dot is looked up in the local search domains,
		// localhost names are this machine, and a numeric last label is an
		// old IPv4 form (127.1, 0x7f.1) some resolvers still accept: none
		// is a public service's name.
		last := host[strings.LastIndex(host, ".")+1:]
		if !strings.Contains(host, ".") || host == "localhost" || strings.HasSuffix(host, ".localhost") ||
			strings.Trim(last, "0123456789") == "" || strings.HasPrefix(last, "0x") {
			return "", ErrPushRefused
		}
	}
	if !p.allowed(host) {
		return "", ErrPushRefused
	}
	return host, nil
}

// allowed reports whether host is one of Services, or any host when
// Services is empty.
func (p PushEndpoints) allowed(host string) bool {
	if len(p.Services) == 0 {
		return true
	}
	for _, s := range p.Services {
		s = strings.TrimPrefix(strings.ToLower(s), ".")
		if host == s || strings.HasSuffix(host, "."+s) {
			return true
		}
	}
	return false
}

// resolve returns host's addresses: itself when it is one.
func (p PushEndpoints) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	if p.LookupHost != nil {
		return p.LookupHost(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// allPublic refuses a set of addresses unless every one is public: a name
// with one private address among public ones is refused whole.
func allPublic(addrs []netip.Addr) error {
	for _, a := range addrs {
		if !PublicAddr(a) {
			return ErrPushRefused
		}
	}
	return nil
}

// Client returns an HTTP client for push services that connects only to
// allowed hosts on public addresses. It never uses a proxy (the proxy
// would choose the address) and never follows a redirect.
func (p PushEndpoints) Client() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			refused := &net.OpError{Op: "dial", Net: network, Err: ErrPushRefused}
			host, err := p.host("https://" + addr)
			if err != nil {
				return nil, refused
			}
			_, portText, _ := net.SplitHostPort(addr)
			port, err := strconv.ParseUint(portText, 10, 16)
			if err != nil {
				return nil, refused
			}
			addrs, err := p.resolve(ctx, host)
			if err != nil {
				return nil, err
			}
			if len(addrs) == 0 || allPublic(addrs) != nil {
				return nil, refused
			}
			// Connect to the addresses just checked, never to the name: a
			// second lookup could answer differently.
			var failed error
			for _, a := range addrs {
				conn, err := dialer.DialContext(ctx, network, netip.AddrPortFrom(a.Unmap(), uint16(port)).String())
				if err == nil {
					return conn, nil
				}
				failed = errors.Join(failed, err)
			}
			return nil, failed
		},
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 8,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// nonPublic are the special-purpose ranges (IANA's IPv4 and IPv6
// special-purpose address registries) that are not the public internet,
// beyond what netip's own predicates cover. IPv6 ranges that embed an IPv4
// address (NAT64, 6to4, Teredo) are refused whole: push services do not
// use them, and the embedded address could be private.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network": 0.x reaches the local host on Linux
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT (shared address space)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("::/8"),            // loopback, unspecified, the old IPv4-compatible form
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001::/32"),       // Teredo
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
}

// PublicAddr reports whether a is a public internet address: not
// loopback, private (RFC 1918, ULA fc00::/7), link-local, multicast,
// unspecified, shared (100.64/10) or another special-purpose range, in
// IPv4, IPv6 or IPv4-mapped IPv6 form.
func PublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.Zone() != "" || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}
