package web

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// apiTwins maps each web capability of a signed-in person (a member's or
// anyone's own account) to the /api/v1 operation that does the same
// through the same use case.
var apiTwins = map[string]string{
	"GET /{$}":                                "get /api/v1/recovery",
	"POST /language":                          "put /api/v1/me",
	"GET /account":                            "get /api/v1/me",
	"POST /account/profile":                   "put /api/v1/me",
	"POST /account/password":                  "put /api/v1/me/password",
	"GET /account/two-factor":                 "post /api/v1/me/two-step/keys",
	"POST /account/two-factor":                "put /api/v1/me/two-step",
	"POST /account/two-factor/disable":        "delete /api/v1/me/two-step",
	"POST /account/two-factor/recovery-codes": "post /api/v1/me/two-step/recovery-codes",
	"POST /account/tokens":                    "post /api/v1/auth/tokens",
	"POST /account/tokens/{id}/revoke":        "delete /api/v1/tokens/{id}",
	"GET /account/access":                     "get /api/v1/access-log",
	"POST /account/delete":                    "post /api/v1/me/deletion",
	"POST /account/delete/confirm":            "delete /api/v1/me",
	"GET /onboarding":                         "get /api/v1/recovery/profile",
	"POST /onboarding":                        "put /api/v1/recovery/profile",
	"GET /checkin":                            "get /api/v1/checkins",
	"POST /checkin":                           "post /api/v1/checkins",
	"GET /history":                            "get /api/v1/checkins",
	"GET /plan":                               "get /api/v1/plan",
	"POST /plan":                              "put /api/v1/plan",
	"POST /urge":                              "post /api/v1/cravings",
	"POST /lapse":                             "post /api/v1/lapses",
	"GET /assessments":                        "get /api/v1/assessments",
	"GET /assessments/new/{instrument}":       "get /api/v1/instruments/{id}",
	"POST /assessments/new/{instrument}":      "post /api/v1/assessments",
	"GET /assessments/{id}":                   "get /api/v1/assessments/{id}",
	"GET /withdrawal":                         "get /api/v1/withdrawal",
	"POST /withdrawal":                        "put /api/v1/withdrawal",
	"POST /withdrawal/end":                    "delete /api/v1/withdrawal",
	"GET /support":                            "get /api/v1/supporters",
	"POST /support/invitations":               "post /api/v1/invitations",
	"POST /support/invitations/{id}/withdraw": "delete /api/v1/invitations/{id}",
	"POST /support/phone":                     "put /api/v1/alert-phone",
	"POST /support/{id}/share":                "put /api/v1/supporters/{id}/share",
	"POST /support/{id}/end":                  "delete /api/v1/supporters/{id}",
	"POST /invite/{code}":                     "post /api/v1/invitations/{code}/accept",
	"GET /supporting":                         "get /api/v1/supporting",
	"POST /support/programs":                  "post /api/v1/program-consents",
	"POST /support/programs/{id}/revoke":      "delete /api/v1/program-consents/{id}",
	"POST /enrol/{code}":                      "post /api/v1/enrolment-invitations/{code}/accept",
	"POST /find/{id}/enrol":                   "post /api/v1/programs/{id}/enrolment-requests",
	"GET /care":                               "get /api/v1/care",
	"POST /care/calendar":                     "post /api/v1/calendar-link",
	"POST /care/calendar/end":                 "delete /api/v1/calendar-link",
	"GET /care/tests":                         "get /api/v1/tests",
	"POST /care/tests/{id}/dispute":           "post /api/v1/tests/{id}/dispute",
	"GET /care/incentives":                    "get /api/v1/incentives",
	"POST /care/incentives/draws/{draw}":      "post /api/v1/incentives/draws/{draw}",
	"GET /medication":                         "get /api/v1/medication",
	"POST /medication/plans":                  "post /api/v1/medication/plans",
	"POST /medication/plans/{id}":             "put /api/v1/medication/plans/{id}",
	"POST /medication/plans/{id}/stop":        "post /api/v1/medication/plans/{id}/stop",
	"POST /medication/doses":                  "post /api/v1/medication/doses",
	"POST /medication/settings":               "put /api/v1/medication/settings",
	"GET /supporting/{id}/medication":         "get /api/v1/members/{id}/medication",
	"POST /support-now":                       "post /api/v1/support-requests",
	"GET /support-now/{id}":                   "get /api/v1/support-requests/{id}",
	"POST /support-now/{id}/answer":           "post /api/v1/support-requests/{id}/answers",
	"GET /notifications":                      "get /api/v1/notifications",
	"POST /notifications/read":                "post /api/v1/notifications/read",
	"POST /meetings/{id}/attended":            "post /api/v1/meetings/{id}/attendance",
	"GET /notifications/settings":             "get /api/v1/notification-settings",
	"POST /notifications/settings":            "put /api/v1/notification-settings",
}

// webOnly are the signed-in web routes with no API twin, and why.
var webOnly = map[string]string{
	"GET /signin/code":  "the second step of a browser sign-in; the API takes the code with the password (POST /api/v1/auth/tokens)",
	"POST /signin/code": "as GET /signin/code",
	"POST /account/email": "changing the address is proved by a link mailed to it, opened in a browser; " +
		"the API shows the address (GET /api/v1/me)",
	"GET /account/delete":               "an HTML form; the API's first step is POST /api/v1/me/deletion",
	"GET /lapse":                        "an HTML form; POST /api/v1/lapses takes the same fields",
	"GET /lapse/safety":                 "the safety message comes in POST /api/v1/lapses' answer",
	"GET /plan/edit":                    "an HTML form; PUT /api/v1/plan",
	"GET /urge":                         "the craving timer page; POST /api/v1/cravings records the outcome",
	"GET /support/{id}/end":             "an HTML confirmation page; DELETE /api/v1/supporters/{id}",
	"GET /support/programs/new":         "an HTML form; GET /api/v1/programs lists the programs, POST /api/v1/program-consents signs",
	"GET /support/programs/{id}/revoke": "an HTML confirmation page; DELETE /api/v1/program-consents/{id}",
	"GET /medication/plans/new":         "an HTML form; POST /api/v1/medication/plans",
	"GET /medication/plans/{id}/edit":   "an HTML form; PUT /api/v1/medication/plans/{id}",
	"GET /support-now":                  "an HTML form; POST /api/v1/support-requests",
}

// TestEveryMemberWebCapabilityHasAnAPIOperation walks routes.go: every
// route for a signed-in person (member() or signedIn() and the two-step
// pages) has an API twin that the OpenAPI document describes, or a reason
// in webOnly; and neither list names a route that is gone.
func TestEveryMemberWebCapabilityHasAnAPIOperation(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	ops := openAPIOperations(t)
	routes := regexp.MustCompile(`"((?:GET|POST|PUT|DELETE) /[^"]*)", page\((\w+(?:\.\w+)?)`).FindAllStringSubmatch(string(src), -1)
	served := map[string]bool{}
	for _, m := range routes {
		route, wrap := m[1], m[2]
		served[route] = true
		personal := wrap == "member" || wrap == "signedIn" || wrap == "pending" || wrap == "s.requireEnrolOrSignIn"
		personal = personal || route == "GET /{$}" || route == "POST /language"
		if !personal {
			continue
		}
		twin, hasTwin := apiTwins[route]
		_, excused := webOnly[route]
		switch {
		case hasTwin && excused:
			t.Errorf("%s has an API twin and is listed as web-only", route)
		case hasTwin:
			if _, ok := ops[twin]; !ok {
				t.Errorf("%s's twin %s is not in openapi.json", route, twin)
			}
		case !excused:
			t.Errorf("%s (%s) has no API operation: add one through the same use case, or say in webOnly why not", route, wrap)
		}
	}
	for _, list := range []map[string]string{apiTwins, webOnly} {
		for route := range list {
			if !served[route] {
				t.Errorf("%s is listed but routes.go does not serve it", route)
			}
		}
	}
	if len(served) < 100 || !strings.Contains(string(src), "page(member(") {
		t.Fatalf("routes misread from routes.go: %d", len(served))
	}
}
