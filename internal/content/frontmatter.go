package content

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// frontMatter is the block at the top of every article:
//
//	---
//	title: What is opioid addiction?
//	summary: One or two plain sentences for lists and previews.
//	order: 1
//	reviewed: 2026-11-21
//	---
//
// Every key is required, each appears once, and no other key is allowed.
type frontMatter struct {
	title, summary string
	order          int
	reviewed       string
}

// parseFrontMatter splits raw into its front matter and Markdown body.
func parseFrontMatter(raw []byte) (frontMatter, []byte, error) {
	var fm frontMatter
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	if !bytes.HasPrefix(raw, []byte("---\n")) {
		return fm, nil, errors.New("front matter: the file must start with a line ---")
	}
	rest := raw[len("---\n"):]
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		return fm, nil, errors.New("front matter: no closing line ---")
	}
	block, body := rest[:end], rest[end+len("\n---\n"):]

	seen := map[string]bool{}
	for i, line := range strings.Split(string(block), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok || key == "" {
			return fm, nil, fmt.Errorf("front matter line %d: want key: value", i+2)
		}
		if seen[key] {
			return fm, nil, fmt.Errorf("front matter: %s appears twice", key)
		}
		seen[key] = true
		if value == "" {
			return fm, nil, fmt.Errorf("front matter: %s is empty", key)
		}
		switch key {
		case "title":
			fm.title = value
		case "summary":
			fm.summary = value
		case "order":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return fm, nil, fmt.Errorf("front matter: order %q is not a whole number from 1", value)
			}
			fm.order = n
		case "reviewed":
			if _, err := time.Parse(time.DateOnly, value); err != nil {
				return fm, nil, fmt.Errorf("front matter: reviewed %q is not a date like 2026-11-21", value)
			}
			fm.reviewed = value
		default:
			return fm, nil, fmt.Errorf("front matter: unknown key %q", key)
		}
	}
	for _, key := range []string{"title", "summary", "order", "reviewed"} {
		if !seen[key] {
			return fm, nil, fmt.Errorf("front matter: %s is missing", key)
		}
	}
	return fm, body, nil
}
