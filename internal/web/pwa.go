package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// manifest makes Onward installable on a phone's home screen. The name is
// deliberately plain: it shows under the icon for anyone to see.
func (s *Server) manifest(w http.ResponseWriter, r *http.Request) {
	icon, _ := s.assets.url("icon.svg")
	m := map[string]any{
		"name":             "Onward",
		"short_name":       "Onward",
		"start_url":        "/",
		"scope":            "/",
		"display":          "standalone",
		"background_color": "#fbfaf7",
		"theme_color":      "#1d5c4b",
		"icons":            []map[string]string{{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}},
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "no-cache")
	json.NewEncoder(w).Encode(m)
}

// precached are the pages and files the service worker keeps for use
// without a network: crisis help above all.
var precachedAssets = []string{"app.css", "app.js", "htmx.min.js", "icon.svg"}

// serviceWorker serves the worker script with the current asset URLs
// baked in; its cache name changes whenever they do, so an update replaces
// the old cache.
func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request) {
	urls := []string{"/crisis", "/offline"}
	for _, name := range precachedAssets {
		u, _ := s.assets.url(name)
		urls = append(urls, u)
	}
	list, _ := json.Marshal(urls)
	sum := sha256.Sum256(list)
	icon, _ := s.assets.url("icon.svg")
	script := strings.NewReplacer(
		"__CACHE__", "onward-"+hex.EncodeToString(sum[:6]),
		"__PRECACHE__", string(list),
		"__ICON__", icon,
	).Replace(serviceWorkerSource)
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	// Browsers check for a new worker on navigation; it must never be stale.
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, script)
}

// serviceWorkerSource is the worker. Pages are fetched from the network
// first (they hold personal data and must be fresh); without a network,
// the crisis page or the offline page is shown from the cache. The cached
// copies are fetched without cookies, so they hold nobody's data. It also
// shows Web Push notifications.
const serviceWorkerSource = `"use strict";
const CACHE = "__CACHE__";
const PRECACHE = __PRECACHE__;
const ICON = "__ICON__";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all(PRECACHE.map((url) =>
        fetch(new Request(url, { credentials: "omit" })).then((res) => {
          if (!res.ok) throw new Error("precache " + url + ": " + res.status);
          return cache.put(url, res);
        }))))
      .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("onward-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  // Quick exit leaves even offline: never answer it with a page of ours.
  if (url.pathname === "/exit") return;
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).catch(() =>
      caches.match(url.pathname === "/crisis" ? "/crisis" : "/offline", { cacheName: CACHE })));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
  }
});

// Web Push: the server sends a discreet title and text, and the page of
// Onward to open; only paths on this site are opened.
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (err) { data = {}; }
  const target = typeof data.url === "string" && data.url.startsWith("/") && !data.url.startsWith("//") ? data.url : "/notifications";
  event.waitUntil(self.registration.showNotification(data.title || "Onward", {
    body: data.body || "", icon: ICON, data: { url: target }, tag: "onward",
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow((event.notification.data && event.notification.data.url) || "/notifications"));
});
`

// offlinePage is what the service worker shows when there is no network:
// crisis numbers, and a check-in form that is kept on the phone and sent
// when the network returns.
func (s *Server) offlinePage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "offline", pageData{Title: "recovery.you_are_offline"})
}
