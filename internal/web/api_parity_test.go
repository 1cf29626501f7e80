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

// staffTwins maps each web capability of a program's staff and admins to
// its /api/v1 operation.
var staffTwins = map[string]string{
	"GET /program/caseload":                                   "get /api/v1/programs/{id}/caseload",
	"GET /program/enrol":                                      "get /api/v1/programs/{id}/caseload",
	"POST /program/invitations":                               "post /api/v1/programs/{program}/invitations",
	"POST /program/settings":                                  "put /api/v1/programs/{program}/settings",
	"GET /program/enrolments/{id}":                            "get /api/v1/programs/{program}/enrolments/{id}",
	"POST /program/enrolments/{id}/answer":                    "post /api/v1/programs/{program}/enrolments/{id}/answer",
	"POST /program/enrolments/{id}/acknowledge":               "post /api/v1/programs/{program}/enrolments/{id}/acknowledgements",
	"POST /program/enrolments/{id}/notes":                     "post /api/v1/programs/{program}/enrolments/{id}/notes",
	"POST /program/enrolments/{id}/care-team":                 "put /api/v1/programs/{program}/enrolments/{id}/care-team",
	"POST /program/enrolments/{id}/discharge":                 "post /api/v1/programs/{program}/enrolments/{id}/discharge",
	"GET /program/staff":                                      "get /api/v1/programs/{program}/staff",
	"POST /program/staff/invitations":                         "post /api/v1/programs/{program}/staff-invitations",
	"POST /program/staff/invitations/{id}/withdraw":           "delete /api/v1/programs/{program}/staff-invitations/{id}",
	"POST /program/staff/{id}/title":                          "put /api/v1/programs/{program}/staff/{id}/title",
	"POST /program/staff/{id}/remove":                         "delete /api/v1/programs/{program}/staff/{id}",
	"GET /program/testing":                                    "get /api/v1/programs/{program}/testing",
	"POST /program/testing/panel":                             "put /api/v1/programs/{program}/testing/panel",
	"GET /program/enrolments/{id}/tests":                      "get /api/v1/programs/{program}/enrolments/{id}/tests",
	"POST /program/enrolments/{id}/tests":                     "post /api/v1/programs/{program}/enrolments/{id}/tests",
	"POST /program/enrolments/{id}/tests/{test}/confirmation": "post /api/v1/programs/{program}/enrolments/{id}/tests/{test}/confirmation",
	"POST /program/enrolments/{id}/testing-schedule":          "put /api/v1/programs/{program}/enrolments/{id}/testing-schedule",
	"GET /program/incentives":                                 "get /api/v1/programs/{program}/incentives",
	"POST /program/incentives/funders":                        "post /api/v1/programs/{program}/funders",
	"POST /program/incentives/arms":                           "post /api/v1/programs/{program}/incentive-arms",
	"POST /program/incentives/arms/{arm}/review":              "post /api/v1/programs/{program}/incentive-arms/{arm}/review",
	"GET /program/enrolments/{id}/incentives":                 "get /api/v1/programs/{program}/enrolments/{id}/incentives",
	"POST /program/enrolments/{id}/incentives/arm":            "put /api/v1/programs/{program}/enrolments/{id}/incentive-arm",
	"POST /program/enrolments/{id}/incentives/outcomes":       "post /api/v1/programs/{program}/enrolments/{id}/incentives/outcomes",
	"POST /program/enrolments/{id}/incentives/redemptions":    "post /api/v1/programs/{program}/enrolments/{id}/incentives/redemptions",
	"POST /program/enrolments/{id}/incentives/draws/{draw}":   "post /api/v1/programs/{program}/enrolments/{id}/incentives/draws/{draw}",
	"POST /program/enrolments/{id}/segments":                  "post /api/v1/programs/{program}/enrolments/{id}/segments",
	"POST /program/enrolments/{id}/plan":                      "put /api/v1/programs/{program}/enrolments/{id}/episode",
	"GET /program/sessions":                                   "get /api/v1/programs/{program}/sessions",
	"POST /program/sessions":                                  "post /api/v1/programs/{program}/sessions",
	"GET /program/sessions/{id}":                              "get /api/v1/programs/{program}/sessions/{id}",
	"POST /program/sessions/{id}/attendance":                  "put /api/v1/programs/{program}/sessions/{id}/attendance",
	"POST /program/sessions/{id}/cancel":                      "post /api/v1/programs/{program}/sessions/{id}/cancel",
	"GET /program/care-settings":                              "get /api/v1/programs/{program}/care-settings",
	"POST /program/care-settings":                             "put /api/v1/programs/{program}/care-settings",
	"GET /program/reports":                                    "get /api/v1/programs/{program}/reports",
	"GET /program/assessments/{member}":                       "get /api/v1/members/{id}/assessments",
	"POST /program/assessments/{member}/new/{instrument}":     "post /api/v1/members/{id}/assessments",
	"GET /program/settings/assessments":                       "get /api/v1/programs/{id}/assessment-settings",
	"POST /program/settings/assessments":                      "put /api/v1/programs/{id}/assessment-settings",
	"POST /check/cows":                                        "post /api/v1/instruments/{id}/score",
	"POST /check/cows/record":                                 "post /api/v1/members/{id}/assessments",
	"GET /program/dosing":                                     "get /api/v1/programs/{program}/dosing",
	"POST /program/dosing/doses":                              "post /api/v1/programs/{program}/enrolments/{id}/doses",
	"POST /program/medication-settings":                       "put /api/v1/programs/{program}/medication-settings",
	"GET /program/enrolments/{id}/medication":                 "get /api/v1/programs/{program}/enrolments/{id}/medication",
	"GET /program/enrolments/{id}/doses/{dose}":               "get /api/v1/programs/{program}/enrolments/{id}/doses/{dose}",
	"POST /program/enrolments/{id}/doses/{dose}/corrections":  "post /api/v1/programs/{program}/enrolments/{id}/doses/{dose}/corrections",
	"POST /program/enrolments/{id}/orders":                    "post /api/v1/programs/{program}/enrolments/{id}/dose-orders",
	"POST /program/enrolments/{id}/take-homes":                "post /api/v1/programs/{program}/enrolments/{id}/take-home-decisions",
	"POST /program/enrolments/{id}/supplies":                  "post /api/v1/programs/{program}/enrolments/{id}/take-home-supplies",
	"POST /program/enrolments/{id}/supplies/{supply}/return":  "post /api/v1/programs/{program}/enrolments/{id}/take-home-supplies/{supply}/return",
	"GET /program/requests":                                   "get /api/v1/programs/{id}/admission-requests",
	"POST /program/requests/{id}/status":                      "put /api/v1/admission-requests/{id}/status",
	"GET /program/listing":                                    "get /api/v1/programs/{program}/listing",
	"POST /program/listing":                                   "put /api/v1/programs/{program}/listing",
	"GET /program/members":                                    "get /api/v1/program-members",
	"GET /program/members/{id}":                               "get /api/v1/program-members/{id}",
	"GET /program/assessments":                                "get /api/v1/assessment-sharers",
	"GET /program/reports.csv":                                "get /api/v1/programs/{program}/reports",
	"GET /admin/audit":                                        "get /api/v1/audit/verification",
}

// webOnly are the signed-in web routes with no API twin, and why.
var webOnly = map[string]string{
	"GET /signin/code":  "the second step of a browser sign-in; the API takes the code with the password (POST /api/v1/auth/tokens)",
	"POST /signin/code": "as GET /signin/code",
	"POST /account/email": "changing the address is proved by a link mailed to it, opened in a browser; " +
		"the API shows the address (GET /api/v1/me)",
	"GET /account/delete":                                "an HTML form; the API's first step is POST /api/v1/me/deletion",
	"GET /lapse":                                         "an HTML form; POST /api/v1/lapses takes the same fields",
	"GET /lapse/safety":                                  "the safety message comes in POST /api/v1/lapses' answer",
	"GET /plan/edit":                                     "an HTML form; PUT /api/v1/plan",
	"GET /urge":                                          "the craving timer page; POST /api/v1/cravings records the outcome",
	"GET /support/{id}/end":                              "an HTML confirmation page; DELETE /api/v1/supporters/{id}",
	"GET /support/programs/new":                          "an HTML form; GET /api/v1/programs lists the programs, POST /api/v1/program-consents signs",
	"GET /support/programs/{id}/revoke":                  "an HTML confirmation page; DELETE /api/v1/program-consents/{id}",
	"GET /medication/plans/new":                          "an HTML form; POST /api/v1/medication/plans",
	"GET /medication/plans/{id}/edit":                    "an HTML form; PUT /api/v1/medication/plans/{id}",
	"GET /support-now":                                   "an HTML form; POST /api/v1/support-requests",
	"GET /program/enrolments/{id}/discharge":             "an HTML confirmation page; POST .../discharge",
	"GET /program/staff/{id}/remove":                     "an HTML confirmation page; DELETE /api/v1/programs/{program}/staff/{id}",
	"GET /program/sessions/new":                          "an HTML form; POST /api/v1/programs/{program}/sessions",
	"GET /program/assessments/{member}/new/{instrument}": "an HTML form; GET /api/v1/instruments/{id} gives the items",
	"GET /check/cows":                                    "an HTML form; GET /api/v1/instruments/cows gives the items",
}

// TestEveryMemberWebCapabilityHasAnAPIOperation walks routes.go: every
// route for a signed-in person (member() or signedIn() and the two-step
// pages, a program's staff and admins, operators) has an API twin that the
// OpenAPI document describes, or a reason in webOnly; and no list names a
// route that is gone.
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
		personal := wrap == "member" || wrap == "signedIn" || wrap == "pending" || wrap == "s.requireEnrolOrSignIn" ||
			wrap == "programStaff" || wrap == "programAdmin" || wrap == "operator"
		personal = personal || route == "GET /{$}" || route == "POST /language"
		if !personal {
			continue
		}
		twin, hasTwin := apiTwins[route]
		if staffTwin, ok := staffTwins[route]; ok {
			twin, hasTwin = staffTwin, true
		}
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
	for _, list := range []map[string]string{apiTwins, staffTwins, webOnly} {
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
