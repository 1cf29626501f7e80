package web

import (
	"net/http"
	"slices"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/instrument"
)

// A program's care team and the assessments of the members who consented
// to share them: the members (GET /program/assessments), one member's
// results with the COWS induction series (GET /program/assessments/{member}),
// recording a COWS, BAM, PHQ-9, GAD-7 or DAST-10 (GET and POST
// /program/assessments/{member}/new/{instrument}), and the same in the API
// (/api/v1/members/{id}/assessments). Every read and write goes through the
// policy and is recorded, refusals too.

// careMembersView lists the members who share assessments.
type careMembersView struct {
	Members []app.CareMember
	Admin   bool // program admins set the program's threshold
}

func (s *Server) careMembersPage(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	members, err := s.app.AssessmentCareMembers(r.Context(), u)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_assessments", pageData{Title: "assessment.assessments_of_members_who_share_them",
		Data: careMembersView{Members: members, Admin: u.Role == onward.RoleProgramAdmin}})
}

// careMemberView is one member's results as their care team sees them.
type careMemberView struct {
	Member    app.CareMember
	Trends    []trendView
	Record    []selfCheckLink
	Threshold int
}

func (s *Server) careMemberPage(w http.ResponseWriter, r *http.Request) error {
	u, locale := state(r).user, state(r).locale
	memberID := r.PathValue("member")
	// The read is decided (and recorded) first, refusals included.
	trends, err := s.app.Assessments(r.Context(), principal(r), memberID, "")
	if err != nil {
		return err
	}
	member, err := s.app.CareMemberOf(r.Context(), u, memberID)
	if err != nil {
		return err
	}
	threshold, err := s.app.BuprenorphineThreshold(r.Context(), member.ProgramID)
	if err != nil {
		return err
	}
	v := careMemberView{Member: *member, Trends: newTrendViews(locale, location(u.TimeZone), trends, true), Threshold: threshold}
	v.Record = careRecordLinks(locale, memberID)
	return s.render(w, r, "program_assessment_member", pageData{Heading: member.Name, Data: v})
}

// careInstrument returns the instrument named in the path if a care team
// may record it.
func careInstrument(r *http.Request) (*instrument.Definition, error) {
	id := r.PathValue("instrument")
	def, ok := instrument.Get(id)
	if !ok || !slices.Contains(app.CareInstruments, id) {
		return nil, onward.NewError(onward.ENOTFOUND, "assessment.this_questionnaire_cannot_be_recorded_here")
	}
	return def, nil
}

// careForm builds the record form for a member the staff member's program
// knows; a member with no consent covering assessments is not found.
func (s *Server) careForm(r *http.Request, def *instrument.Definition, memberID string) (questionnaireView, error) {
	member, err := s.app.CareMemberOf(r.Context(), state(r).user, memberID)
	if err != nil {
		return questionnaireView{}, err
	}
	v := s.newQuestionnaireView(r, def, "/program/assessments/"+memberID+"/new/"+def.ID)
	v.Care, v.MemberName = true, member.Name
	for _, l := range onward.TreatmentLevels {
		if l != "none" {
			v.Levels = append(v.Levels, l)
		}
	}
	if def.ID == instrument.COWS {
		if v.Threshold, err = s.app.BuprenorphineThreshold(r.Context(), member.ProgramID); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (s *Server) careAssessmentForm(w http.ResponseWriter, r *http.Request) error {
	def, err := careInstrument(r)
	if err != nil {
		return err
	}
	v, err := s.careForm(r, def, r.PathValue("member"))
	if err != nil {
		return err
	}
	return s.render(w, r, "assessment_form", pageData{Heading: def.ShortName, Data: v})
}

// careAssessmentSubmit records what the care team rated or asked. The
// policy decides first: a member who has not consented, or consented to
// another program, is refused, and the refusal is recorded.
func (s *Server) careAssessmentSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	memberID := r.PathValue("member")
	def, err := careInstrument(r)
	if err != nil {
		return err
	}
	in, errs := readQuestionnaire(r, def, location(u.TimeZone))
	if errs.Err() == nil {
		_, _, err = s.app.RecordAssessment(r.Context(), u, memberID, in)
		if err == nil {
			return s.redirect(w, r, "/program/assessments/"+memberID, "assessment.the_result_is_recorded")
		}
		if onward.ErrorCode(err) != onward.EINVALID {
			return err
		}
	} else {
		err = errs.Err()
	}
	v, formErr := s.careForm(r, def, memberID)
	if formErr != nil {
		return formErr
	}
	v.mark(r, err)
	return s.renderForm(w, r, "assessment_form", pageData{Heading: def.ShortName, Data: &v}, err)
}

func (s *Server) apiMemberAssessments(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	id, err := apiInstrumentFilter(r)
	if err != nil {
		return err
	}
	trends, err := s.app.Assessments(r.Context(), principal(r), r.PathValue("id"), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.trendsJSON(u.Locale, trends))
	return nil
}

func (s *Server) apiRecordMemberAssessment(w http.ResponseWriter, r *http.Request) error {
	return s.recordFromAPI(w, r, r.PathValue("id"))
}

// careRecordLinks are the links to record each instrument a care team
// records for a member.
func careRecordLinks(locale, memberID string) []selfCheckLink {
	var out []selfCheckLink
	for _, id := range app.CareInstruments {
		def, _ := instrument.Get(id)
		out = append(out, selfCheckLink{Path: "/program/assessments/" + memberID + "/new/" + id, Name: def.ShortName,
			About: translateMsg(locale, def.Name)})
	}
	return out
}

type careMemberJSON struct {
	MemberID    string `json:"member_id"`
	Name        string `json:"name"`
	ProgramID   string `json:"program_id"`
	ProgramName string `json:"program_name"`
	ConsentID   string `json:"consent_id"`
}

// apiCareMembers lists the members who share assessments with the staff
// member's programs (GET /program/assessments): names, no assessment.
func (s *Server) apiCareMembers(w http.ResponseWriter, r *http.Request) error {
	members, err := s.app.AssessmentCareMembers(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	out := make([]careMemberJSON, 0, len(members))
	for _, m := range members {
		out = append(out, careMemberJSON{MemberID: m.MemberID, Name: m.Name, ProgramID: m.ProgramID, ProgramName: m.ProgramName, ConsentID: m.ConsentID})
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": out})
	return nil
}
