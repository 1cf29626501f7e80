package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/instrument"
)

func TestAPIInstrumentList(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().api("GET", "/api/v1/instruments", "", "")
	wantStatus(t, res, http.StatusOK)
	var body struct {
		Instruments []instrumentSummaryJSON `json:"instruments"`
	}
	if err := json.Unmarshal([]byte(res.body), &body); err != nil {
		t.Fatal(err)
	}
	all := instrument.All()
	if len(body.Instruments) != len(all) {
		t.Fatalf("%d instruments listed, want %d", len(body.Instruments), len(all))
	}
	for i, d := range all {
		got := body.Instruments[i]
		if got.ID != d.ID || got.ShortName != d.ShortName || got.ItemCount != len(d.Items) || got.Audience != d.Audience || got.Name != translateMsg("en", d.Name) {
			t.Errorf("instrument %d is %+v, want %s", i, got, d.ID)
		}
	}
	wantBody(t, res, `"id": "phq9"`, `"loinc_total": "44261-6"`, `"audience": "clinician"`)

	es := e.newClient().api("GET", "/api/v1/instruments?locale=es", "", "")
	wantStatus(t, es, http.StatusOK)
	wantBody(t, es, "Cuestionario de Salud del Paciente, depresión (9 preguntas)")
}

func TestAPIInstrumentDefinition(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"PHQ9English", "/api/v1/instruments/phq9", 200, []string{`"locale": "en"`, `"id": "9"`, `"text": "Thoughts that you would be better off dead, or of hurting yourself in some way"`,
			`"value": 3`, `"label": "Nearly every day"`, `"id": "moderately_severe"`, `"min": 15`, `"max": 19`, `"not_a_diagnosis": true`, `"citation": "Kroenke K`}},
		{"PHQ9Spanish", "/api/v1/instruments/phq9?locale=es", 200, []string{`"locale": "es"`, `"label": "Casi todos los días"`, `"timeframe": "En las últimas 2 semanas"`}},
		{"COWSSpanish", "/api/v1/instruments/cows?locale=es", 200, []string{`"text": "Pulso en reposo (latidos por minuto), tomado tras un minuto sentado o acostado"`,
			`"label": "Más de 120"`, `"label": "Abstinencia moderadamente grave"`}},
		{"DAST10SpanishAdvice", "/api/v1/instruments/dast10?locale=es", 200, []string{`"advice": "Evaluación intensiva"`, `"label": "Sí"`}},
		{"DAST10ReversedItem", "/api/v1/instruments/dast10", 200, []string{`"reverse_scored": true`, `"advice": "Intensive assessment"`}},
		{"COWSPublishedValues", "/api/v1/instruments/cows", 200, []string{`"audience": "clinician"`, `"value": 4`, `"value": 5`}},
		{"SOWSHasNoBands", "/api/v1/instruments/sows", 200, []string{`"bands": []`}},
		{"BAMSubscales", "/api/v1/instruments/bam", 200, []string{`"has_total": false`, `"higher_is_better": true`, `"id": "7A"`}},
		{"ErrUnknownInstrument", "/api/v1/instruments/beck", 404, []string{`"code": "not_found"`}},
		{"ErrUnknownLocale", "/api/v1/instruments/phq9?locale=fr", 400, []string{`"locale": "Use one of: en, es."`}},
		{"ErrUnknownLocaleInList", "/api/v1/instruments?locale=de", 400, []string{`"code": "invalid"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("GET", tt.path, "", "")
			wantStatus(t, res, tt.status)
			wantBody(t, res, tt.want...)
		})
	}
}

func TestAPIScoreInstrument(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	tests := []struct {
		name, path, body string
		total            int
		band             string // "" for none
		flags            []string
	}{
		{"PHQ9ItemNineFlagsWhateverTheTotal", "/api/v1/instruments/phq9/score",
			`{"answers": {"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":1}}`, 1, "minimal", []string{instrument.FlagSuicideRisk}},
		{"PHQ9Severe", "/api/v1/instruments/phq9/score",
			`{"answers": {"1":3,"2":3,"3":3,"4":3,"5":3,"6":3,"7":3,"8":2,"9":0}}`, 23, "severe", nil},
		{"PHQ2FullFormSuggested", "/api/v1/instruments/phq2/score", `{"answers": {"1":2,"2":1}}`, 3, "", []string{instrument.FlagFullFormSuggested}},
		{"DAST10ItemThreeReversed", "/api/v1/instruments/dast10/score",
			`{"answers": {"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":0}}`, 1, "low", nil},
		{"DSM5Supervised", "/api/v1/instruments/dsm5-oud/score",
			`{"answers": {"1":1,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":1,"11":1}, "medically_supervised": true}`, 1, "below_threshold", nil},
		{"COWSDefaultThreshold", "/api/v1/instruments/cows/score",
			`{"answers": {"1":1,"2":1,"3":1,"4":1,"5":1,"6":1,"7":1,"8":1,"9":0,"10":0,"11":0}}`, 8, "mild", []string{instrument.FlagBuprenorphineStartThresholdMet}},
		{"COWSProgramThreshold", "/api/v1/instruments/cows/score",
			`{"answers": {"1":1,"2":1,"3":1,"4":1,"5":1,"6":1,"7":1,"8":1,"9":0,"10":0,"11":0}, "buprenorphine_threshold": 12}`, 8, "mild", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("POST", tt.path, "", tt.body)
			wantStatus(t, res, http.StatusOK)
			var got struct {
				Instrument string `json:"instrument"`
				Total      int    `json:"total"`
				Band       *struct {
					ID    string `json:"id"`
					Label string `json:"label"`
				} `json:"band"`
				Flags []flagJSON `json:"flags"`
			}
			if err := json.Unmarshal([]byte(res.body), &got); err != nil {
				t.Fatal(err)
			}
			if got.Total != tt.total {
				t.Errorf("total %d, want %d", got.Total, tt.total)
			}
			switch {
			case tt.band == "" && got.Band != nil:
				t.Errorf("band %+v, want none", got.Band)
			case tt.band != "" && (got.Band == nil || got.Band.ID != tt.band || got.Band.Label == ""):
				t.Errorf("band %+v, want %s with a label", got.Band, tt.band)
			}
			var codes []string
			for _, f := range got.Flags {
				codes = append(codes, f.Code)
				if f.Message == "" {
					t.Errorf("flag %s has no message", f.Code)
				}
			}
			if strings.Join(codes, ",") != strings.Join(tt.flags, ",") {
				t.Errorf("flags %v, want %v", codes, tt.flags)
			}
			if !strings.Contains(res.body, `"flags": [`) {
				t.Error("flags is not a list")
			}
		})
	}

	es := c.api("POST", "/api/v1/instruments/phq9/score?locale=es", "", `{"answers": {"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":2}}`)
	wantStatus(t, es, http.StatusOK)
	wantBody(t, es, `"label": "Síntomas depresivos mínimos"`, "Hay ayuda en crisis disponible ahora mismo")
}

func TestAPIScoreInstrumentBadInput(t *testing.T) {
	e := newEnv(t)
	phq2 := "/api/v1/instruments/phq2/score"
	tests := []struct {
		name, path, contentType, body string
		status                        int
		fields                        map[string]string
	}{
		{"ErrMissingItem", phq2, "application/json", `{"answers": {"1": 2}}`, 400, map[string]string{"2": "missing answer"}},
		{"ErrNoAnswers", phq2, "application/json", `{}`, 400, map[string]string{"1": "missing answer", "2": "missing answer"}},
		{"ErrUnknownItem", phq2, "application/json", `{"answers": {"1": 0, "2": 0, "3": 1}}`, 400, map[string]string{"3": "unknown item"}},
		{"ErrNotAllowed", phq2, "application/json", `{"answers": {"1": 4, "2": 0}}`, 400, map[string]string{"1": "4 is not an allowed answer; allowed: 0, 1, 2, 3"}},
		{"ErrCOWSValueBetweenOptions", "/api/v1/instruments/cows/score", "application/json",
			`{"answers": {"1":3,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":0,"11":0}}`, 400, map[string]string{"1": "3 is not an allowed answer; allowed: 0, 1, 2, 4"}},
		{"ErrNotAWholeNumber", phq2, "application/json", `{"answers": {"1": 1.5, "2": "2"}}`, 400,
			map[string]string{"1": "must be a whole number: the published value of the chosen option", "2": "must be a whole number: the published value of the chosen option"}},
		{"ErrEveryProblemAtOnce", phq2, "application/json", `{"answers": {"1": null, "x": 0}}`, 400,
			map[string]string{"1": "must be a whole number: the published value of the chosen option", "2": "missing answer", "x": "unknown item"}},
		{"ErrThresholdOutOfRange", "/api/v1/instruments/cows/score", "application/json",
			`{"answers": {"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":0,"11":0}, "buprenorphine_threshold": 49}`, 400,
			map[string]string{"buprenorphine_threshold": "must be a COWS total from 1 to 48"}},
		{"ErrUnknownField", phq2, "application/json", `{"answers": {"1": 0, "2": 0}, "total": 0}`, 400, map[string]string{"total": "unknown field"}},
		{"ErrAnswersNotAnObject", phq2, "application/json", `{"answers": [0, 0]}`, 400,
			map[string]string{"answers": "must be an object of item id to the published value of the chosen option"}},
		{"ErrMalformed", phq2, "application/json", `{"answers": {"1": 0,`, 400, nil},
		{"ErrWrongContentType", phq2, "text/plain", `{"answers": {"1": 0, "2": 0}}`, 400, nil},
		{"ErrTrailingData", phq2, "application/json", `{"answers": {"1": 0, "2": 0}} {}`, 400, nil},
		{"ErrUnknownInstrument", "/api/v1/instruments/beck/score", "application/json", `{"answers": {}}`, 404, nil},
		{"ErrOversized", phq2, "application/json", `{"answers": {"` + strings.Repeat("1", maxBodyBytes) + `": 0}}`, 413, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", e.srv.URL+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.contentType)
			res := e.newClient().do(req)
			wantStatus(t, res, tt.status)
			body := decodeError(t, res)
			if body.Error.Message == "" {
				t.Error("error without a message")
			}
			for field, msg := range tt.fields {
				if body.Error.Fields[field] != msg {
					t.Errorf("error.fields[%q] = %q, want %q (all: %v)", field, body.Error.Fields[field], msg, body.Error.Fields)
				}
			}
			if tt.fields != nil && len(body.Error.Fields) != len(tt.fields) {
				t.Errorf("error.fields %v, want exactly %v", body.Error.Fields, tt.fields)
			}
			if tt.status == 400 && body.Error.Code != onward.EINVALID {
				t.Errorf("code %s, want %s", body.Error.Code, onward.EINVALID)
			}
		})
	}
}

// TestAPIInstrumentsAreOpenToEveryone: the instruments API needs no sign-in
// and answers the same to every role, by token too.
func TestAPIInstrumentsAreOpenToEveryone(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("member@example.com", onward.RoleMember)
	operator := e.addUser("operator@example.com", onward.RoleOperator)
	for name, token := range map[string]string{"visitor": "", "member": createAPIToken(t, e, member), "operator": createAPIToken(t, e, operator)} {
		t.Run(name, func(t *testing.T) {
			c := e.newClient()
			wantStatus(t, c.api("GET", "/api/v1/instruments", token, ""), http.StatusOK)
			wantStatus(t, c.api("GET", "/api/v1/instruments/gad7", token, ""), http.StatusOK)
			wantStatus(t, c.api("POST", "/api/v1/instruments/gad2/score", token, `{"answers": {"1": 1, "2": 1}}`), http.StatusOK)
		})
	}
}
