package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/content"
)

// The education library (/learn) and the family guide (/family), from
// internal/content. Article bodies are rendered to safe HTML by that
// package; the pages add the title, the review date and the way back.

func (s *Server) library(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "learn", pageData{Title: "help.learn_about_opioids_and_recovery", Data: content.Library(state(r).locale)})
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
		return onward.NewError(onward.ENOTFOUND, "common.we_could_not_find_that_page")
	}
	return s.render(w, r, "learn_article", pageData{Heading: article.Title, Data: articleView{Article: article, ReviewedOn: reviewDate(locale, article.Reviewed)}})
}

// reviewDate writes a YYYY-MM-DD review date as people read dates in
// locale: "21 November 2026", "21 de noviembre de 2026". The content tests
// guarantee the format; anything else is shown as it is.
func reviewDate(lang, isoDate string) string {
	d, err := time.Parse(time.DateOnly, isoDate)
	if err != nil {
		return isoDate
	}
	return translate(lang, "date.day_month_year", "Day", strconv.Itoa(d.Day()), "Month", localizer(lang).MonthName(d.Month()), "Year", strconv.Itoa(d.Year()))
}

func (s *Server) familyGuide(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "family", pageData{Title: "help.a_guide_for_families_and_friends", Data: content.FamilyGuide(state(r).locale)})
}
