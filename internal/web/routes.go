package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
)

// largeBodies are the routes allowed a body over maxBodyBytes: an import
// file holds years of daily check-ins.
var largeBodies = map[string]int64{"POST /api/v1/import": maxImportBytes}

// routes is the whole HTTP surface of Onward in one place.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page, api := s.html, s.api
	signedIn := s.requireSignIn
	pending := s.requirePendingSignIn
	operator := func(h handlerFunc) handlerFunc { return s.requireRole(h, onward.RoleOperator) }
	member := func(h handlerFunc) handlerFunc { return s.requireRole(h, onward.RoleMember) }

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("GET /static/{file}", s.assets.serve)
	mux.HandleFunc("GET /robots.txt", robots)

	// Pages for everyone, signed in or not.
	mux.Handle("GET /{$}", page(s.home))
	mux.Handle("GET /crisis", page(s.crisisPage))
	mux.Handle("POST /language", page(s.switchLanguage))

	// Finding help without an account: self-checks, the level-of-care
	// guide, the library and the family guide. Open to everyone; answers
	// are scored in the response to the POST and never stored.
	mux.Handle("GET /help", page(s.helpStart))
	mux.Handle("GET /help/me", page(s.helpForMe))
	mux.Handle("GET /help/someone", page(s.helpForSomeone))
	mux.Handle("GET /check/signs", page(s.signsForm(false)))
	mux.Handle("POST /check/signs", page(s.signsSubmit(false)))
	mux.Handle("GET /check/signs/someone", page(s.signsForm(true)))
	mux.Handle("POST /check/signs/someone", page(s.signsSubmit(true)))
	mux.Handle("GET /check/sows", page(s.sowsCheckForm))
	mux.Handle("POST /check/sows", page(s.sowsCheckSubmit))
	mux.Handle("GET /check/{id}", page(s.selfCheckForm))
	mux.Handle("POST /check/{id}", page(s.selfCheckSubmit))
	mux.Handle("GET /guide", page(s.guideForm))
	mux.Handle("POST /guide", page(s.guideSubmit))
	mux.Handle("GET /learn", page(s.library))
	mux.Handle("GET /learn/{slug}", page(s.libraryArticle))
	mux.Handle("GET /family", page(s.familyGuide))

	// Signing up, in and out. Quick exit signs out and leaves for a
	// neutral page.
	mux.Handle("GET /signup", page(s.signupForm))
	mux.Handle("POST /signup", page(s.signup))
	mux.Handle("GET /signup/sent", page(s.signupSent))
	mux.Handle("GET /signup/confirm/{token}", page(s.signupConfirmForm))
	mux.Handle("POST /signup/confirm/{token}", page(s.signupConfirm))
	mux.Handle("GET /signin", page(s.signinForm))
	mux.Handle("POST /signin", page(s.signin))
	mux.Handle("GET /signin/code", page(pending(s.totpForm)))
	mux.Handle("POST /signin/code", page(pending(s.totpSubmit)))
	mux.Handle("POST /signout", page(s.signout))
	mux.HandleFunc("GET /exit", s.quickExit)
	mux.Handle("GET /password/forgot", page(s.forgotForm))
	mux.Handle("POST /password/forgot", page(s.forgot))
	mux.Handle("GET /password/reset/{token}", page(s.resetForm))
	mux.Handle("POST /password/reset/{token}", page(s.reset))

	// The signed-in person's own account.
	mux.Handle("GET /account", page(signedIn(s.account)))
	mux.Handle("POST /account/profile", page(signedIn(s.changeProfile)))
	mux.Handle("POST /account/email", page(signedIn(s.requestEmailChange)))
	mux.Handle("GET /account/email/confirm/{token}", page(s.emailConfirmForm))
	mux.Handle("POST /account/email/confirm/{token}", page(s.emailConfirm))
	mux.Handle("POST /account/password", page(signedIn(s.changePassword)))
	mux.Handle("GET /account/two-factor", page(s.requireEnrolOrSignIn(s.twoFactorForm)))
	mux.Handle("POST /account/two-factor", page(s.requireEnrolOrSignIn(s.enableTwoFactor)))
	mux.Handle("POST /account/two-factor/disable", page(signedIn(s.disableTwoFactor)))
	mux.Handle("POST /account/two-factor/recovery-codes", page(signedIn(s.newRecoveryCodes)))
	mux.Handle("POST /account/tokens", page(signedIn(s.createToken)))
	mux.Handle("POST /account/tokens/{id}/revoke", page(signedIn(s.revokeToken)))
	mux.Handle("GET /account/access", page(signedIn(s.accessLogPage)))
	mux.Handle("GET /account/delete", page(signedIn(s.deleteAccountForm)))
	mux.Handle("POST /account/delete", page(signedIn(s.deleteAccountCheck)))
	mux.Handle("POST /account/delete/confirm", page(signedIn(s.deleteAccount)))

	// A member's daily recovery (the member's home is GET /).
	mux.Handle("GET /onboarding", page(member(s.onboardingForm)))
	mux.Handle("POST /onboarding", page(member(s.onboardingSubmit)))
	mux.Handle("GET /checkin", page(member(s.checkInForm)))
	mux.Handle("POST /checkin", page(member(s.checkInSubmit)))
	mux.Handle("GET /history", page(member(s.historyPage)))
	mux.Handle("GET /plan", page(member(s.planPage)))
	mux.Handle("GET /plan/edit", page(member(s.planForm)))
	mux.Handle("POST /plan", page(member(s.planSubmit)))
	mux.Handle("GET /urge", page(member(s.urgePage)))
	mux.Handle("POST /urge", page(member(s.urgeOutcome)))
	mux.Handle("GET /lapse", page(member(s.lapseForm)))
	mux.Handle("POST /lapse", page(member(s.lapseSubmit)))
	mux.Handle("GET /lapse/safety", page(member(s.lapseSafety)))

	// Measurement-based care: a member's own questionnaires and their
	// trends, and the withdrawal tracker (assessment_member.go,
	// withdrawal_tracker.go).
	mux.Handle("GET /assessments", page(member(s.assessmentsPage)))
	mux.Handle("GET /assessments/new/{instrument}", page(member(s.assessmentForm)))
	mux.Handle("POST /assessments/new/{instrument}", page(member(s.assessmentSubmit)))
	mux.Handle("GET /assessments/{id}", page(member(s.assessmentPage)))
	mux.Handle("GET /withdrawal", page(member(s.withdrawalPage)))
	mux.Handle("POST /withdrawal", page(member(s.withdrawalSubmit)))
	mux.Handle("POST /withdrawal/end", page(member(s.withdrawalEnd)))

	// Installable app: manifest, service worker (at the root, so it may
	// serve every page), and the page shown offline.
	mux.HandleFunc("GET /manifest.webmanifest", s.manifest)
	mux.HandleFunc("GET /sw.js", s.serviceWorker)
	mux.Handle("GET /offline", page(s.offlinePage))

	// Directory: the treatment finder and asking a program to make contact
	// (open to everyone), the meeting finder (noting attendance is for
	// members), and a program's own staff pages (StaffAccess checks that
	// the person works for that program).
	programStaff := func(h handlerFunc) handlerFunc {
		return s.requireRole(h, onward.RoleProgramAdmin, onward.RoleClinician)
	}
	programAdmin := func(h handlerFunc) handlerFunc { return s.requireRole(h, onward.RoleProgramAdmin) }
	mux.Handle("GET /find", page(s.findPage))
	mux.Handle("GET /find/{id}", page(s.findProgramPage))
	mux.Handle("POST /find/{id}/contact", page(s.askToBeContacted))
	mux.Handle("GET /find/{id}/requested/{reference}", page(s.requestedPage))
	mux.Handle("GET /meetings", page(s.meetingsPage))
	mux.Handle("POST /meetings/{id}/attended", page(member(s.noteAttendance)))
	mux.Handle("GET /program/requests", page(programStaff(s.programRequestsPage)))
	mux.Handle("POST /program/requests/{id}/status", page(programStaff(s.setRequestStatus)))
	mux.Handle("GET /program/listing", page(programAdmin(s.listingPage)))
	mux.Handle("POST /program/listing", page(programAdmin(s.saveListing)))

	// Support network: a member invites supporters by a one-time link and
	// chooses, per supporter, what they see; anyone signed in can accept an
	// invitation and see what is shared with them.
	mux.Handle("GET /support", page(member(s.supportPage)))
	mux.Handle("POST /support/invitations", page(member(s.inviteSubmit)))
	mux.Handle("POST /support/invitations/{id}/withdraw", page(member(s.withdrawInvitation)))
	mux.Handle("POST /support/phone", page(member(s.alertPhoneSubmit)))
	mux.Handle("POST /support/{id}/share", page(member(s.changeSharingSubmit)))
	mux.Handle("GET /support/{id}/end", page(member(s.endSupportForm)))
	mux.Handle("POST /support/{id}/end", page(member(s.endSupportSubmit)))
	mux.Handle("GET /invite/{code}", page(s.invitePage))
	mux.Handle("POST /invite/{code}", page(signedIn(s.acceptInvite)))
	mux.Handle("GET /supporting", page(signedIn(s.supportingPage)))

	// Program consents (42 CFR Part 2): a member consents to share chosen
	// categories with a treatment program and can revoke it at once; the
	// program's staff see exactly that, with the redisclosure notice.
	mux.Handle("GET /support/programs/new", page(member(s.programConsentPage)))
	mux.Handle("POST /support/programs", page(member(s.programConsentSubmit)))
	mux.Handle("GET /support/programs/{id}/revoke", page(member(s.revokeProgramConsentForm)))
	mux.Handle("POST /support/programs/{id}/revoke", page(member(s.revokeProgramConsentSubmit)))
	mux.Handle("GET /program/members", page(programStaff(s.programMembersPage)))
	mux.Handle("GET /program/members/{id}", page(programStaff(s.programMemberPage)))

	// Treatment programs: enrolment, the caseload, and each enrolled
	// member as their care team sees them (internal/app/program.go and
	// caseload.go decide who may see what).
	mux.Handle("GET /program/caseload", page(programStaff(s.caseloadPage)))
	mux.Handle("GET /program/enrol", page(programStaff(s.enrolAdminPage)))
	mux.Handle("POST /program/invitations", page(programStaff(s.enrolmentInviteSubmit)))
	mux.Handle("POST /program/settings", page(programAdmin(s.programSettingsSubmit)))
	mux.Handle("GET /program/enrolments/{id}", page(programStaff(s.enrolmentPage)))
	mux.Handle("POST /program/enrolments/{id}/answer", page(programStaff(s.answerRequestSubmit)))
	mux.Handle("POST /program/enrolments/{id}/acknowledge", page(programStaff(s.acknowledgeFlagSubmit)))
	mux.Handle("POST /program/enrolments/{id}/notes", page(programStaff(s.addNoteSubmit)))
	mux.Handle("POST /program/enrolments/{id}/care-team", page(programStaff(s.careTeamSubmit)))
	mux.Handle("GET /program/enrolments/{id}/discharge", page(programStaff(s.dischargeConfirm)))
	mux.Handle("POST /program/enrolments/{id}/discharge", page(programStaff(s.dischargeSubmit)))
	// A program's staff, managed by its admins (internal/app/staff.go
	// decides and records refusals), and the invited person's link.
	mux.Handle("GET /program/staff", page(programStaff(s.staffPage)))
	mux.Handle("POST /program/staff/invitations", page(programStaff(s.staffInviteSubmit)))
	mux.Handle("POST /program/staff/invitations/{id}/withdraw", page(programStaff(s.staffInviteWithdrawSubmit)))
	mux.Handle("POST /program/staff/{id}/title", page(programStaff(s.staffTitleSubmit)))
	mux.Handle("GET /program/staff/{id}/remove", page(programStaff(s.staffRemoveConfirm)))
	mux.Handle("POST /program/staff/{id}/remove", page(programStaff(s.staffRemoveSubmit)))
	mux.Handle("GET /staff-invite/{token}", page(s.staffJoinPage))
	mux.Handle("POST /staff-invite/{token}", page(s.staffJoinSubmit))
	mux.Handle("GET /enrol/{code}", page(s.enrolInvitePage))
	mux.Handle("POST /enrol/{code}", page(member(s.enrolInviteSubmit)))
	mux.Handle("POST /find/{id}/enrol", page(member(s.requestEnrolmentSubmit)))
	mux.Handle("GET /care", page(member(s.myCarePage)))

	// Drug testing and contingency management (internal/app/testing.go and
	// incentives.go): staff record tests and run CM arms under the member's
	// consent; members see their results and earnings, dispute a result,
	// and make their prize draws.
	mux.Handle("GET /program/testing", page(programStaff(s.programTestingPage)))
	mux.Handle("POST /program/testing/panel", page(programAdmin(s.testPanelSubmit)))
	mux.Handle("GET /program/enrolments/{id}/tests", page(programStaff(s.memberTestsPage)))
	mux.Handle("POST /program/enrolments/{id}/tests", page(programStaff(s.recordTestSubmit)))
	mux.Handle("POST /program/enrolments/{id}/tests/{test}/confirmation", page(programStaff(s.confirmTestSubmit)))
	mux.Handle("POST /program/enrolments/{id}/testing-schedule", page(programStaff(s.testScheduleSubmit)))
	mux.Handle("GET /program/incentives", page(programStaff(s.programIncentivesPage)))
	mux.Handle("POST /program/incentives/funders", page(programAdmin(s.addFunderSubmit)))
	mux.Handle("POST /program/incentives/arms", page(programAdmin(s.openArmSubmit)))
	mux.Handle("POST /program/incentives/arms/{arm}/review", page(programStaff(s.reviewArmSubmit)))
	mux.Handle("GET /program/enrolments/{id}/incentives", page(programStaff(s.memberIncentivesPage)))
	mux.Handle("POST /program/enrolments/{id}/incentives/arm", page(programStaff(s.joinArmSubmit)))
	mux.Handle("POST /program/enrolments/{id}/incentives/outcomes", page(programStaff(s.outcomeSubmit)))
	mux.Handle("POST /program/enrolments/{id}/incentives/redemptions", page(programStaff(s.redemptionSubmit)))
	mux.Handle("POST /program/enrolments/{id}/incentives/draws/{draw}", page(programStaff(s.staffDrawSubmit)))
	mux.Handle("GET /care/tests", page(member(s.myTestsPage)))
	mux.Handle("POST /care/tests/{id}/dispute", page(member(s.disputeTestSubmit)))
	mux.Handle("GET /care/incentives", page(member(s.myIncentivesPage)))
	mux.Handle("POST /care/incentives/draws/{draw}", page(member(s.myDrawSubmit)))
	// The continuum of care (internal/app/continuum_*.go and report.go):
	// a member's episode of levels of care, the program's sessions and who
	// attended, its settings and reports, and each member's appointments
	// as a private calendar link (the feed needs no sign-in: the link is
	// the secret).
	mux.Handle("POST /program/enrolments/{id}/segments", page(programStaff(s.segmentSubmit)))
	mux.Handle("POST /program/enrolments/{id}/plan", page(programStaff(s.episodePlanSubmit)))
	mux.Handle("GET /program/sessions", page(programStaff(s.sessionsPage)))
	mux.Handle("GET /program/sessions/new", page(programStaff(s.scheduleForm)))
	mux.Handle("POST /program/sessions", page(programStaff(s.scheduleSubmit)))
	mux.Handle("GET /program/sessions/{id}", page(programStaff(s.sessionPage)))
	mux.Handle("POST /program/sessions/{id}/attendance", page(programStaff(s.attendanceSubmit)))
	mux.Handle("POST /program/sessions/{id}/cancel", page(programStaff(s.cancelSessionSubmit)))
	mux.Handle("GET /program/care-settings", page(programStaff(s.careSettingsPage)))
	mux.Handle("POST /program/care-settings", page(programAdmin(s.careSettingsSubmit)))
	mux.Handle("GET /program/reports", page(programAdmin(s.reportsPage)))
	mux.Handle("GET /program/reports.csv", page(programAdmin(s.reportsCSV)))
	mux.Handle("POST /care/calendar", page(member(s.calendarLinkSubmit)))
	mux.Handle("POST /care/calendar/end", page(member(s.calendarLinkEndSubmit)))
	mux.Handle("GET /calendar/{file}", page(s.calendarFeed))
	// A program's care team records and reads the assessments of members
	// who consented to share them (assessment_care.go), and scores a COWS
	// at the bedside (assessment_checks.go); its admins set the
	// buprenorphine-start threshold (assessment_settings.go).
	mux.Handle("GET /program/assessments", page(programStaff(s.careMembersPage)))
	mux.Handle("GET /program/assessments/{member}", page(programStaff(s.careMemberPage)))
	mux.Handle("GET /program/assessments/{member}/new/{instrument}", page(programStaff(s.careAssessmentForm)))
	mux.Handle("POST /program/assessments/{member}/new/{instrument}", page(programStaff(s.careAssessmentSubmit)))
	mux.Handle("GET /program/settings/assessments", page(programStaff(s.assessmentSettingsPage)))
	mux.Handle("POST /program/settings/assessments", page(programAdmin(s.assessmentSettingsSubmit)))
	mux.Handle("GET /check/cows", page(programStaff(s.cowsCheckForm)))
	mux.Handle("POST /check/cows", page(programStaff(s.cowsCheckSubmit)))
	mux.Handle("POST /check/cows/record", page(programStaff(s.recordCheckedCOWS)))
	// Medication (internal/app/medication*.go): a member's plans, dose log
	// and reminders; what someone they share it with sees; a program's
	// dose orders, dosing window and take-homes under the member's consent.
	mux.Handle("GET /medication", page(member(s.medicationPage)))
	mux.Handle("GET /medication/plans/new", page(member(s.newPlanForm)))
	mux.Handle("POST /medication/plans", page(member(s.medPlanSubmit)))
	mux.Handle("GET /medication/plans/{id}/edit", page(member(s.editPlanForm)))
	mux.Handle("POST /medication/plans/{id}", page(member(s.medPlanSubmit)))
	mux.Handle("POST /medication/plans/{id}/stop", page(member(s.stopPlanSubmit)))
	mux.Handle("POST /medication/doses", page(member(s.logDoseSubmit)))
	mux.Handle("POST /medication/settings", page(member(s.medicationSettingsSubmit)))
	mux.Handle("GET /supporting/{id}/medication", page(signedIn(s.sharedMedicationPage)))
	mux.Handle("GET /program/dosing", page(programStaff(s.dosingPage)))
	mux.Handle("POST /program/dosing/doses", page(programStaff(s.windowDoseSubmit)))
	mux.Handle("POST /program/medication-settings", page(programAdmin(s.programMedicationSettingsSubmit)))
	mux.Handle("GET /program/enrolments/{id}/medication", page(programStaff(s.memberMedicationPage)))
	mux.Handle("GET /program/enrolments/{id}/doses/{dose}", page(programStaff(s.doseRecordPage)))
	mux.Handle("POST /program/enrolments/{id}/doses/{dose}/corrections", page(programStaff(s.correctDoseSubmit)))
	mux.Handle("POST /program/enrolments/{id}/orders", page(programStaff(s.orderSubmit)))
	mux.Handle("POST /program/enrolments/{id}/take-homes", page(programStaff(s.takeHomeDecisionSubmit)))
	mux.Handle("POST /program/enrolments/{id}/supplies", page(programStaff(s.supplySubmit)))
	mux.Handle("POST /program/enrolments/{id}/supplies/{supply}/return", page(programStaff(s.returnSubmit)))

	// Notifications: "I need support now" (a member tells the people who
	// may see their alerts; those people answer from their inbox), the
	// inbox, and each person's channels, discreet mode and quiet hours.
	mux.Handle("GET /support-now", page(member(s.supportNowPage)))
	mux.Handle("POST /support-now", page(member(s.supportNowSubmit)))
	mux.Handle("GET /support-now/{id}", page(member(s.supportRequestPage)))
	mux.Handle("POST /support-now/{id}/answer", page(signedIn(s.supportAnswerSubmit)))
	mux.Handle("GET /notifications", page(signedIn(s.inboxPage)))
	mux.Handle("POST /notifications/read", page(signedIn(s.markInboxRead)))
	mux.Handle("GET /notifications/settings", page(signedIn(s.notifySettingsForm)))
	mux.Handle("POST /notifications/settings", page(signedIn(s.notifySettingsSubmit)))

	// Operators.
	mux.Handle("GET /admin/audit", page(operator(s.auditPage)))

	// JSON API (docs: /api/v1/openapi.json).
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)
	mux.Handle("POST /api/v1/auth/signup", api(s.apiSignup))
	mux.Handle("POST /api/v1/auth/tokens", api(s.apiCreateToken))
	mux.Handle("GET /api/v1/me", api(signedIn(s.apiMe)))
	mux.Handle("GET /api/v1/tokens", api(signedIn(s.apiTokens)))
	mux.Handle("DELETE /api/v1/tokens/{id}", api(signedIn(s.apiRevokeToken)))
	mux.Handle("GET /api/v1/access-log", api(signedIn(s.apiAccessLog)))
	mux.Handle("GET /api/v1/recovery", api(member(s.apiRecovery)))
	mux.Handle("POST /api/v1/checkins", api(member(s.apiSaveCheckIn)))
	mux.Handle("GET /api/v1/checkins", api(member(s.apiCheckIns)))
	mux.Handle("POST /api/v1/lapses", api(member(s.apiRecordLapse)))
	mux.Handle("GET /api/v1/plan", api(member(s.apiPlan)))
	mux.Handle("PUT /api/v1/plan", api(member(s.apiSavePlan)))
	// Instruments: definitions and scoring, open to everyone, nothing stored.
	mux.Handle("GET /api/v1/instruments", api(s.apiInstruments))
	mux.Handle("GET /api/v1/instruments/{id}", api(s.apiInstrument))
	mux.Handle("POST /api/v1/instruments/{id}/score", api(s.apiScoreInstrument))
	// Assessments: a member's own, and those of members who share them
	// with the viewer's program (the policy decides each request); the
	// withdrawal tracker; a program's threshold.
	mux.Handle("GET /api/v1/assessments", api(member(s.apiAssessments)))
	mux.Handle("POST /api/v1/assessments", api(member(s.apiRecordAssessment)))
	mux.Handle("GET /api/v1/assessments/{id}", api(member(s.apiAssessment)))
	mux.Handle("GET /api/v1/members/{id}/assessments", api(signedIn(s.apiMemberAssessments)))
	mux.Handle("POST /api/v1/members/{id}/assessments", api(signedIn(s.apiRecordMemberAssessment)))
	mux.Handle("GET /api/v1/withdrawal", api(member(s.apiWithdrawal)))
	mux.Handle("PUT /api/v1/withdrawal", api(member(s.apiStartWithdrawal)))
	mux.Handle("DELETE /api/v1/withdrawal", api(member(s.apiEndWithdrawal)))
	mux.Handle("GET /api/v1/programs/{id}/assessment-settings", api(programStaff(s.apiAssessmentSettings)))
	mux.Handle("PUT /api/v1/programs/{id}/assessment-settings", api(programAdmin(s.apiSetAssessmentSettings)))
	// Directory: programs, asking one to make contact, meetings. Open to everyone.
	mux.Handle("GET /api/v1/programs", api(s.apiPrograms))
	mux.Handle("GET /api/v1/programs/{id}", api(s.apiProgram))
	mux.Handle("POST /api/v1/programs/{id}/admission-requests", api(s.apiAdmissionRequest))
	mux.Handle("GET /api/v1/meetings", api(s.apiMeetings))
	// Support network.
	mux.Handle("POST /api/v1/invitations", api(member(s.apiCreateInvitation)))
	mux.Handle("POST /api/v1/invitations/{code}/accept", api(signedIn(s.apiAcceptInvitation)))
	mux.Handle("GET /api/v1/supporters", api(member(s.apiSupporters)))
	mux.Handle("PUT /api/v1/supporters/{id}/share", api(member(s.apiChangeSharing)))
	mux.Handle("DELETE /api/v1/supporters/{id}", api(member(s.apiEndSupport)))
	mux.Handle("GET /api/v1/supporting", api(signedIn(s.apiSupporting)))
	mux.Handle("GET /api/v1/members/{id}/recovery", api(signedIn(s.apiMemberRecovery)))
	mux.Handle("GET /api/v1/members/{id}/checkins", api(signedIn(s.apiMemberCheckIns)))
	// Data rights: a member's copy of all their own data (JSON or FHIR R4),
	// and loading a copy into an account without recovery data.
	mux.Handle("GET /api/v1/export", api(member(s.apiExport)))
	mux.Handle("POST /api/v1/import", api(member(s.apiImport)))
	// Notifications: support requests and answers, the inbox, Web Push.
	mux.Handle("POST /api/v1/support-requests", api(member(s.apiCreateSupportRequest)))
	mux.Handle("GET /api/v1/support-requests/{id}", api(member(s.apiSupportRequest)))
	mux.Handle("POST /api/v1/support-requests/{id}/answers", api(signedIn(s.apiAnswerSupportRequest)))
	mux.Handle("GET /api/v1/notifications", api(signedIn(s.apiNotifications)))
	mux.Handle("POST /api/v1/notifications/read", api(signedIn(s.apiMarkNotificationsRead)))
	mux.Handle("GET /api/v1/push/key", api(s.apiPushKey))
	mux.Handle("POST /api/v1/push/subscriptions", api(signedIn(s.apiSubscribePush)))
	mux.Handle("DELETE /api/v1/push/subscriptions", api(signedIn(s.apiUnsubscribePush)))
	// Treatment programs.
	mux.Handle("GET /api/v1/enrolments", api(member(s.apiMyEnrolments)))
	mux.Handle("POST /api/v1/enrolment-invitations/{code}/accept", api(member(s.apiAcceptEnrolmentInvite)))
	mux.Handle("POST /api/v1/programs/{id}/enrolment-requests", api(member(s.apiRequestEnrolment)))
	mux.Handle("GET /api/v1/programs/{id}/caseload", api(programStaff(s.apiCaseload)))
	mux.Handle("POST /api/v1/programs/{program}/invitations", api(programStaff(s.apiInviteToEnrol)))
	mux.Handle("PUT /api/v1/programs/{program}/settings", api(programAdmin(s.apiProgramSettings)))
	mux.Handle("GET /api/v1/programs/{program}/enrolments/{id}", api(programStaff(s.apiEnrolment)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/answer", api(programStaff(s.apiAnswerEnrolmentRequest)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/acknowledgements", api(programStaff(s.apiAcknowledgeFlag)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/notes", api(programStaff(s.apiAddNote)))
	mux.Handle("PUT /api/v1/programs/{program}/enrolments/{id}/care-team", api(programStaff(s.apiSetCareTeam)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/discharge", api(programStaff(s.apiDischarge)))
	// Drug testing and contingency management.
	mux.Handle("GET /api/v1/programs/{program}/testing", api(programStaff(s.apiProgramTesting)))
	mux.Handle("PUT /api/v1/programs/{program}/testing/panel", api(programAdmin(s.apiSaveTestPanel)))
	mux.Handle("GET /api/v1/programs/{program}/enrolments/{id}/tests", api(programStaff(s.apiMemberTests)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/tests", api(programStaff(s.apiRecordTest)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/tests/{test}/confirmation", api(programStaff(s.apiConfirmTest)))
	mux.Handle("PUT /api/v1/programs/{program}/enrolments/{id}/testing-schedule", api(programStaff(s.apiSetTestSchedule)))
	mux.Handle("GET /api/v1/programs/{program}/incentives", api(programStaff(s.apiProgramIncentives)))
	mux.Handle("POST /api/v1/programs/{program}/funders", api(programAdmin(s.apiAddFunder)))
	mux.Handle("POST /api/v1/programs/{program}/incentive-arms", api(programAdmin(s.apiOpenArm)))
	mux.Handle("POST /api/v1/programs/{program}/incentive-arms/{arm}/review", api(programStaff(s.apiReviewArm)))
	mux.Handle("GET /api/v1/programs/{program}/enrolments/{id}/incentives", api(programStaff(s.apiMemberIncentives)))
	mux.Handle("PUT /api/v1/programs/{program}/enrolments/{id}/incentive-arm", api(programStaff(s.apiSetArm)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/incentives/outcomes", api(programStaff(s.apiRecordOutcome)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/incentives/redemptions", api(programStaff(s.apiRecordRedemption)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/incentives/draws/{draw}", api(programStaff(s.apiStaffDraw)))
	mux.Handle("GET /api/v1/tests", api(member(s.apiMyTests)))
	mux.Handle("POST /api/v1/tests/{id}/dispute", api(member(s.apiDisputeTest)))
	mux.Handle("GET /api/v1/incentives", api(member(s.apiMyIncentives)))
	mux.Handle("POST /api/v1/incentives/draws/{draw}", api(member(s.apiMyDraw)))
	// Medication.
	mux.Handle("GET /api/v1/medication", api(member(s.apiMedication)))
	mux.Handle("POST /api/v1/medication/plans", api(member(s.apiCreatePlan)))
	mux.Handle("PUT /api/v1/medication/plans/{id}", api(member(s.apiChangePlan)))
	mux.Handle("POST /api/v1/medication/plans/{id}/stop", api(member(s.apiStopPlan)))
	mux.Handle("POST /api/v1/medication/doses", api(member(s.apiLogDose)))
	mux.Handle("GET /api/v1/medication/doses", api(member(s.apiDoses)))
	mux.Handle("PUT /api/v1/medication/settings", api(member(s.apiMedicationSettings)))
	mux.Handle("GET /api/v1/members/{id}/medication", api(signedIn(s.apiMemberMedication)))
	mux.Handle("GET /api/v1/programs/{program}/dosing", api(programStaff(s.apiDosingList)))
	mux.Handle("PUT /api/v1/programs/{program}/medication-settings", api(programAdmin(s.apiProgramMedicationSettings)))
	mux.Handle("GET /api/v1/programs/{program}/enrolments/{id}/medication", api(programStaff(s.apiMemberMedicationForProgram)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/doses", api(programStaff(s.apiWindowDose)))
	mux.Handle("GET /api/v1/programs/{program}/enrolments/{id}/doses/{dose}", api(programStaff(s.apiDoseRecord)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/doses/{dose}/corrections", api(programStaff(s.apiCorrectDose)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/dose-orders", api(programStaff(s.apiAddDoseOrder)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/take-home-decisions", api(programStaff(s.apiTakeHomeDecision)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/take-home-supplies", api(programStaff(s.apiTakeHomeSupply)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/take-home-supplies/{supply}/return", api(programStaff(s.apiSupplyReturn)))
	// The continuum of care.
	mux.Handle("GET /api/v1/care", api(member(s.apiMyCare)))
	mux.Handle("POST /api/v1/calendar-link", api(member(s.apiNewCalendarLink)))
	mux.Handle("DELETE /api/v1/calendar-link", api(member(s.apiEndCalendarLink)))
	mux.Handle("GET /api/v1/programs/{program}/enrolments/{id}/episode", api(programStaff(s.apiEpisode)))
	mux.Handle("PUT /api/v1/programs/{program}/enrolments/{id}/episode", api(programStaff(s.apiSaveEpisodePlan)))
	mux.Handle("POST /api/v1/programs/{program}/enrolments/{id}/segments", api(programStaff(s.apiAddSegment)))
	mux.Handle("GET /api/v1/programs/{program}/sessions", api(programStaff(s.apiSessions)))
	mux.Handle("POST /api/v1/programs/{program}/sessions", api(programStaff(s.apiScheduleSession)))
	mux.Handle("GET /api/v1/programs/{program}/sessions/{id}", api(programStaff(s.apiSession)))
	mux.Handle("PUT /api/v1/programs/{program}/sessions/{id}/attendance", api(programStaff(s.apiRecordAttendance)))
	mux.Handle("POST /api/v1/programs/{program}/sessions/{id}/cancel", api(programStaff(s.apiCancelSession)))
	mux.Handle("GET /api/v1/programs/{program}/care-settings", api(programStaff(s.apiCareSettings)))
	mux.Handle("PUT /api/v1/programs/{program}/care-settings", api(programAdmin(s.apiSaveCareSettings)))
	mux.Handle("GET /api/v1/programs/{program}/reports", api(programAdmin(s.apiReport)))
	// A program's own records: its queue of requests to be called back and
	// its listing; the members who consented to share with it, and one
	// member's shared data; those who share assessments; the operator's
	// audit check.
	mux.Handle("GET /api/v1/programs/{id}/admission-requests", api(programStaff(s.apiAdmissionRequests)))
	mux.Handle("PUT /api/v1/admission-requests/{id}/status", api(programStaff(s.apiSetAdmissionStatus)))
	mux.Handle("GET /api/v1/programs/{program}/listing", api(programAdmin(s.apiListing)))
	mux.Handle("PUT /api/v1/programs/{program}/listing", api(programAdmin(s.apiSaveListing)))
	mux.Handle("GET /api/v1/program-members", api(programStaff(s.apiProgramMembers)))
	mux.Handle("GET /api/v1/program-members/{id}", api(programStaff(s.apiProgramMember)))
	mux.Handle("GET /api/v1/assessment-sharers", api(programStaff(s.apiCareMembers)))
	mux.Handle("GET /api/v1/audit/verification", api(operator(s.apiAuditCheck)))
	mux.Handle("GET /api/v1/programs/{program}/staff", api(programStaff(s.apiStaff)))
	mux.Handle("POST /api/v1/programs/{program}/staff-invitations", api(programStaff(s.apiInviteStaff)))
	mux.Handle("DELETE /api/v1/programs/{program}/staff-invitations/{id}", api(programStaff(s.apiWithdrawStaffInvite)))
	mux.Handle("PUT /api/v1/programs/{program}/staff/{id}/title", api(programStaff(s.apiSetStaffTitle)))
	mux.Handle("DELETE /api/v1/programs/{program}/staff/{id}", api(programStaff(s.apiRemoveStaff)))
	// A member's account, profile and records that the web pages have too,
	// through the same use cases.
	mux.Handle("PUT /api/v1/me", api(signedIn(s.apiChangeMe)))
	mux.Handle("DELETE /api/v1/me", api(signedIn(s.apiDeleteAccount)))
	mux.Handle("POST /api/v1/me/deletion", api(signedIn(s.apiConfirmDeletion)))
	mux.Handle("PUT /api/v1/me/password", api(signedIn(s.apiChangePassword)))
	mux.Handle("POST /api/v1/me/two-step/keys", api(signedIn(s.apiNewTwoStepKey)))
	mux.Handle("PUT /api/v1/me/two-step", api(signedIn(s.apiEnableTwoStep)))
	mux.Handle("DELETE /api/v1/me/two-step", api(signedIn(s.apiDisableTwoStep)))
	mux.Handle("POST /api/v1/me/two-step/recovery-codes", api(signedIn(s.apiNewRecoveryCodes)))
	mux.Handle("GET /api/v1/notification-settings", api(signedIn(s.apiNotifySettings)))
	mux.Handle("PUT /api/v1/notification-settings", api(signedIn(s.apiSaveNotifySettings)))
	mux.Handle("GET /api/v1/recovery/profile", api(member(s.apiProfile)))
	mux.Handle("PUT /api/v1/recovery/profile", api(member(s.apiSaveProfile)))
	mux.Handle("POST /api/v1/cravings", api(member(s.apiRecordCraving)))
	mux.Handle("GET /api/v1/lapses", api(member(s.apiLapses)))
	mux.Handle("POST /api/v1/meetings/{id}/attendance", api(member(s.apiNoteAttendance)))
	mux.Handle("GET /api/v1/invitations", api(member(s.apiInvitations)))
	mux.Handle("DELETE /api/v1/invitations/{id}", api(member(s.apiWithdrawInvitation)))
	mux.Handle("PUT /api/v1/alert-phone", api(member(s.apiSaveAlertPhone)))
	mux.Handle("GET /api/v1/program-consents", api(member(s.apiProgramConsents)))
	mux.Handle("POST /api/v1/program-consents", api(member(s.apiGiveProgramConsent)))
	mux.Handle("DELETE /api/v1/program-consents/{id}", api(member(s.apiRevokeProgramConsent)))
	mux.Handle("/api/", api(apiNotFound))

	mux.Handle("/", page(notFound))

	var h http.Handler = mux
	h = s.checkCSRF(h)
	h = s.authenticate(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = compress(h)
	return s.observe(h, mux)
}
