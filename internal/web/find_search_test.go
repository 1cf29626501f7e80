package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestFindPage(t *testing.T) {
	e := newEnv(t)
	e.seedDirectory()
	c := e.newClient()

	t.Run("FormOnly", func(t *testing.T) {
		res := c.get("/find")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `<form method="get" action="/find#results"`, `name="medication" value="buprenorphine"`, `<option value="medicaid">Medicaid</option>`)
		if strings.Contains(res.body, "Programs found") {
			t.Fatal("results shown before any search")
		}
	})
	t.Run("BuprenorphineAndMedicaidNearAZip", func(t *testing.T) {
		res := c.get("/find?" + url.Values{"place": {"62701"}, "radius_km": {"25"}, "medication": {"buprenorphine"}, "payment": {"medicaid"}}.Encode())
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Programs found: 5", "Example Recovery Center (demo)", "Demo Community Health Clinic (demo)",
			`href="tel:2175550101"`, " km (", "Admissions 24 hours a day", "Office-based medication treatment")
		for _, absent := range []string{"Example Residential Recovery House (demo)", "Sample Day Treatment Program (demo)", "Sample Veterans Recovery Program (demo)"} {
			if strings.Contains(res.body, absent) {
				t.Errorf("%s is listed, but does not offer buprenorphine and take Medicaid", absent)
			}
		}
		if !strings.Contains(res.body, `<option value="medicaid" selected>`) || !strings.Contains(res.body, `value="buprenorphine" checked`) {
			t.Fatal("the form does not keep the chosen filters")
		}
	})
	t.Run("CityAndCoordinates", func(t *testing.T) {
		for _, place := range []string{"Springfield, IL", "springfield il", "39.78, -89.65", "39.7817,-89.6501"} {
			res := c.get("/find?" + url.Values{"place": {place}, "level": {"otp"}}.Encode())
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, "Programs found: 1", "Sample Opioid Treatment Program (demo)")
		}
	})
	t.Run("NothingWithinReach", func(t *testing.T) {
		res := c.get("/find?" + url.Values{"place": {"61.2, -149.9"}}.Encode())
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Programs found: 0", "No program within that distance", `href="tel:18006624357"`,
			"1-800-662-4357", `href="https://findtreatment.gov/"`)
		if strings.Contains(res.body, "Search within") {
			t.Error("a wider search offered where there is nothing within 500 km")
		}
	})
	t.Run("AnyUSPlaceWithAWiderSearch", func(t *testing.T) {
		// Chicago has no listing: the gazetteer knows it, and the demo programs
		// in Springfield are about 290 km away.
		for _, place := range []string{"Chicago, IL", "chicago illinois", "60601", "Chicago, Illinois"} {
			res := c.get("/find?" + url.Values{"place": {place}, "radius_km": {"50"}}.Encode())
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, "Programs found: 0", "Search within 500 km (311 mi): ", `radius_km=500`, "1-800-662-4357")
		}
	})
	t.Run("Spanish", func(t *testing.T) {
		req, _ := http.NewRequest("GET", e.srv.URL+"/find?place=62701&level=otp", nil)
		req.Header.Set("Accept-Language", "es")
		res := e.newClient().do(req)
		wantBody(t, res, "Buscar tratamiento", "Programas encontrados: 1", "Programa de tratamiento de opioides (clínica de metadona)", "Metadona")
	})

	bad := []struct {
		name, query, field, message string
	}{
		{"ErrNoPlace", "place=", "place", "Enter a ZIP code, a city and state"},
		{"ErrUnknownZip", "place=00000", "place", "We do not know that place."},
		{"ErrUnknownTown", "place=Nowhere+At+All,+IL", "place", "We do not know that place."},
		{"ErrUnreadablePlace", "place=somewhere+nice", "place", "Enter a ZIP code, a city and state"},
		{"ErrBadCoordinates", "place=95,-89.65", "place", "latitude from -90 to 90"},
		{"ErrRadiusTooLarge", "place=62701&radius_km=900", "radius_km", "at most 500 km"},
		{"ErrRadiusZero", "place=62701&radius_km=0", "radius_km", "at most 500 km"},
		{"ErrRadiusNotANumber", "place=62701&radius_km=far", "radius_km", "at most 500 km"},
		{"ErrUnknownLevel", "place=62701&level=detox", "level", "Choose a level of care from the list."},
		{"ErrUnknownMedication", "place=62701&medication=suboxone", "medication", "Choose methadone, buprenorphine or naltrexone."},
		{"ErrUnknownPayment", "place=62701&payment=bitcoin", "payment", "Choose a way of paying from the list."},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			res := c.get("/find?" + tt.query)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, tt.message, `id="`+tt.field+`-error"`, `href="#`+tt.field+`"`)
		})
	}
}

func TestProgramsAPI(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	c := e.newClient()
	type results struct {
		Programs []programJSON
		Total    int
		Limit    int
	}

	t.Run("NearestFirstWithFilters", func(t *testing.T) {
		res := c.api("GET", "/api/v1/programs?near=39.7817,-89.6501&radius_km=25&medication=buprenorphine&payment=medicaid", "", "")
		wantStatus(t, res, http.StatusOK)
		got := decodeJSONBody[results](t, res)
		if got.Total != 5 || len(got.Programs) != 5 || got.Limit != 50 {
			t.Fatalf("total %d, %d programs, limit %d; want 5, 5, 50", got.Total, len(got.Programs), got.Limit)
		}
		for i, p := range got.Programs {
			if p.DistanceKm == nil || (i > 0 && *p.DistanceKm < *got.Programs[i-1].DistanceKm) {
				t.Fatalf("distances out of order: %+v", got.Programs)
			}
			if !slices.Contains(p.Medications, "buprenorphine") || !slices.Contains(p.Payments, "medicaid") {
				t.Fatalf("%s does not match the filters: %+v", p.Name, p)
			}
		}
	})
	t.Run("NothingNearOffersHelpInstead", func(t *testing.T) {
		type nothing struct {
			Total       int
			NothingNear *nothingNearJSON `json:"nothing_near"`
		}
		res := c.api("GET", "/api/v1/programs?near=41.88,-87.63&radius_km=50", "", "")
		wantStatus(t, res, http.StatusOK)
		got := decodeJSONBody[nothing](t, res)
		if got.Total != 0 || got.NothingNear == nil || got.NothingNear.Helpline.Phone != "1-800-662-4357" ||
			got.NothingNear.Locator.URL != "https://findtreatment.gov/" || got.NothingNear.Wider == nil ||
			got.NothingNear.Wider.RadiusKm != 500 || got.NothingNear.Wider.Total == 0 {
			t.Fatalf("got %+v", got.NothingNear)
		}
		res = c.api("GET", "/api/v1/programs?near=39.7817,-89.6501&radius_km=25", "", "")
		if strings.Contains(res.body, "nothing_near") {
			t.Error("help offered beside results")
		}
	})
	t.Run("EveryValueOfARepeatedFilter", func(t *testing.T) {
		res := c.api("GET", "/api/v1/programs?near=39.7817,-89.6501&medication=methadone&medication=buprenorphine", "", "")
		got := decodeJSONBody[results](t, res)
		if got.Total != 2 {
			t.Fatalf("%d programs offer methadone and buprenorphine, want 2", got.Total)
		}
	})
	t.Run("Limit", func(t *testing.T) {
		got := decodeJSONBody[results](t, c.api("GET", "/api/v1/programs?near=39.7817,-89.6501&radius_km=100&limit=3", "", ""))
		if len(got.Programs) != 3 || got.Total != 10 {
			t.Fatalf("limit 3: %d of %d", len(got.Programs), got.Total)
		}
	})
	t.Run("OneProgram", func(t *testing.T) {
		res := c.api("GET", "/api/v1/programs/"+ids["demo-program-2"], "", "")
		wantStatus(t, res, http.StatusOK)
		p := decodeJSONBody[programJSON](t, res)
		if p.Name != "Sample Opioid Treatment Program (demo)" || p.Phone != "217-555-0102" || p.DistanceKm != nil ||
			!slices.Contains(p.Levels, "otp") || len(p.Languages) != 1 {
			t.Fatalf("program %+v", p)
		}
		wantStatus(t, c.api("GET", "/api/v1/programs/no-such-program", "", ""), http.StatusNotFound)
	})

	bad := []struct {
		name, query, field string
	}{
		{"ErrNoNear", "radius_km=10", "near"},
		{"ErrNearNotCoordinates", "near=Springfield", "near"},
		{"ErrLatitudeOutOfRange", "near=91,-89.65", "near"},
		{"ErrLongitudeOutOfRange", "near=39.78,-189.65", "near"},
		{"ErrRadiusOutOfRange", "near=39.78,-89.65&radius_km=501", "radius_km"},
		{"ErrNegativeRadius", "near=39.78,-89.65&radius_km=-5", "radius_km"},
		{"ErrUnknownLevel", "near=39.78,-89.65&level=detox", "level"},
		{"ErrUnknownPayment", "near=39.78,-89.65&payment=medicaid&payment=gold", "payment"},
		{"ErrUnknownParameter", "near=39.78,-89.65&medications=methadone", "medications"},
		{"ErrLimit", "near=39.78,-89.65&limit=1000", "limit"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("GET", "/api/v1/programs?"+tt.query, "", "")
			wantStatus(t, res, http.StatusBadRequest)
			if body := decodeError(t, res); body.Error.Fields[tt.field] == "" {
				t.Fatalf("the error does not name %q: %s", tt.field, res.body)
			}
		})
	}
}
