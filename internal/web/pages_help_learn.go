package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/content"
)

// The education library (/learn) and the family guide (/family), from
// internal/content. Article bodies are rendered to safe HTML by that
// package; the pages add the title, the review date and the way back.

func (s *Server) library(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "learn", pageData{Title: "Learn about opioids and recovery", Data: content.Library(state(r).locale)})
}

// articleView is one library article with its review date written out.
type articleView struct {
	content.Article
	ReviewedOn string
}

func (s *Server) libraryArticle(w http.ResponseWriter, r *http.Request) error {
	locale := state(r).locale
	article, ok := content.LibraryArticle(locale, r.PathValue("slug"))
	if !ok {
		return onward.Errorf(onward.ENOTFOUND, "We could not find that page.")
	}
	return s.render(w, r, "learn_article", pageData{Title: article.Title, Data: articleView{Article: article, ReviewedOn: reviewDate(locale, article.Reviewed)}})
}

// reviewDate writes a YYYY-MM-DD review date as people read dates in
// locale: "21 November 2026", "21 de noviembre de 2026". The content tests
// guarantee the format; anything else is shown as it is.
func reviewDate(locale, isoDate string) string {
	d, err := time.Parse(time.DateOnly, isoDate)
	if err != nil {
		return isoDate
	}
	if locale == "es" {
		months := [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
		return fmt.Sprintf("%d de %s de %d", d.Day(), months[d.Month()-1], d.Year())
	}
	return d.Format("2 January 2006")
}

func (s *Server) familyGuide(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "family", pageData{Title: "A guide for families and friends", Data: content.FamilyGuide(state(r).locale)})
}
