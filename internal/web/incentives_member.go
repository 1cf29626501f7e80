package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/export"
)

// A member's own incentives (GET /care/incentives): what they earned,
// redeemed and have left with each program, the next target and what it
// is worth, and their prize draws to make.

type myIncentivesView struct {
	Programs []app.Incentives
}

// Card is one program's earnings for the page.
func (myIncentivesView) Card(inc app.Incentives, tz *time.Location, csrf string) incentivesCard {
	return incentivesCard{Incentives: &inc, TZ: tz, CSRF: csrf, DrawAction: "/care/incentives/draws/"}
}

func (s *Server) myIncentivesPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.MyIncentives(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	return s.render(w, r, "my_incentives", pageData{Title: "incentive.my_incentives", Data: myIncentivesView{Programs: list}})
}

func (s *Server) myDrawSubmit(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.app.DrawPrize(r.Context(), state(r).user, r.PathValue("draw")); err != nil {
		if code := onward.ErrorCode(err); code != onward.ECONFLICT && code != onward.ENOTFOUND {
			return err
		}
		list, lerr := s.app.MyIncentives(r.Context(), state(r).user)
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "my_incentives", pageData{Title: "incentive.my_incentives", Data: myIncentivesView{Programs: list}}, err)
	}
	return s.redirect(w, r, "/care/incentives#draws", "incentive.draw_made")
}

func (s *Server) apiMyIncentives(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.MyIncentives(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(list))
	for i := range list {
		out = append(out, toIncentivesJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"programs": out})
	return nil
}

func (s *Server) apiMyDraw(w http.ResponseWriter, r *http.Request) error {
	d, err := s.app.DrawPrize(r.Context(), state(r).user, r.PathValue("draw"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, export.PrizeDrawOf(*d))
	return nil
}
