package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/i18n"
)

// The notification types are the root package's.
type (
	NotifyPrefs    = onward.NotifyPrefs
	Notification   = onward.Notification
	SupportRequest = onward.SupportRequest
	SupportAnswer  = onward.SupportAnswer
)

// DefaultNotifyPrefs apply to anyone who has not chosen.
var DefaultNotifyPrefs = onward.DefaultNotifyPrefs

// Notification kinds.
const (
	KindSupportRequest  = "support_request"  // to a supporter: the member asked for support
	KindSupportAnswer   = "support_answer"   // to the member: a supporter answered
	KindCheckinReminder = "checkin_reminder" // to a member: time for the daily check-in
	KindCareAlert       = "care_alert"       // to a care team: an urgent flag on a member in their care
	KindCareEscalation  = "care_escalation"  // to a program's other staff: an urgent flag went unacknowledged
	KindCallbackRequest = "callback_request" // to a program's staff: someone asked to be called back
	KindTestDay         = "test_day"         // to a member: a drug test today (says only "something to do today")
)

// Answers a supporter can give to "I need support now".
const (
	AnswerCalling = "calling"
	AnswerOnMyWay = "on_my_way"
)

// storedPrefs are a person's choices as read through a LEFT JOIN of
// notify_prefs: all NULL when they have never chosen.
type storedPrefs struct {
	email, push, discreet, reminders *bool
	quietStart, quietEnd             *string
}

// columns are the scan destinations of n.email, n.push, n.discreet,
// n.reminders, n.quiet_start, n.quiet_end.
func (p *storedPrefs) columns() []any {
	return []any{&p.email, &p.push, &p.discreet, &p.reminders, &p.quietStart, &p.quietEnd}
}

// prefs are the choices read, or the defaults.
func (p *storedPrefs) prefs() NotifyPrefs {
	if p.reminders == nil {
		return DefaultNotifyPrefs
	}
	return NotifyPrefs{Email: *p.email, Push: *p.push, Discreet: *p.discreet, Reminders: *p.reminders, QuietStart: *p.quietStart,
		QuietEnd: *p.quietEnd}
}

// NotifyPrefs returns userID's choices, or the defaults.
func (s *Store) NotifyPrefs(ctx context.Context, userID string) (NotifyPrefs, error) {
	p := NotifyPrefs{}
	err := s.queryRow(ctx, `SELECT email, push, discreet, reminders, auto_alert, quiet_start, quiet_end FROM notify_prefs WHERE user_id = ?`, userID).
		Scan(&p.Email, &p.Push, &p.Discreet, &p.Reminders, &p.AutoAlert, &p.QuietStart, &p.QuietEnd)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultNotifyPrefs, nil
	}
	if err != nil {
		return p, fmt.Errorf("read notification preferences: %w", err)
	}
	return p, nil
}

// SaveNotifyPrefs stores userID's choices.
func (tx *Tx) SaveNotifyPrefs(ctx context.Context, userID string, p NotifyPrefs) error {
	_, err := tx.exec(ctx, `INSERT INTO notify_prefs (user_id, email, push, discreet, reminders, auto_alert, quiet_start, quiet_end, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, push = excluded.push, discreet = excluded.discreet,
		reminders = excluded.reminders, auto_alert = excluded.auto_alert, quiet_start = excluded.quiet_start,
		quiet_end = excluded.quiet_end, updated_at = excluded.updated_at`,
		userID, p.Email, p.Push, p.Discreet, p.Reminders, p.AutoAlert, p.QuietStart, p.QuietEnd, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save notification preferences: %w", err)
	}
	return nil
}

const alertGrantsQuery = `SELECT grantee_id, categories, starts_at, expires_at, revoked_at FROM grants WHERE subject_id = ?`

// alertRecipients returns the people memberID has, right now, allowed to
// see alerts: the grantees of active grants that include the alerts
// category.
func (tx *Tx) alertRecipients(ctx context.Context, memberID string) ([]string, error) {
	rows, err := tx.query(ctx, alertGrantsQuery, memberID)
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	return scanAlertRecipients(rows, memberID, tx.Now)
}

func scanAlertRecipients(rows *sql.Rows, memberID string, now time.Time) ([]string, error) {
	return scanGrantees(rows, memberID, now, onward.CategoryAlerts)
}

// scanGrantees reads rows of (grantee, categories, starts, expires,
// revoked) and returns, once each, the grantees whose grant is in force
// at now and covers category.
func scanGrantees(rows *sql.Rows, memberID string, now time.Time, category onward.Category) ([]string, error) {
	defer rows.Close()
	seen := map[string]bool{}
	var out []string
	for rows.Next() {
		g := onward.Grant{SubjectID: memberID}
		var cats string
		var starts, expires, revoked dbTime
		if err := rows.Scan(&g.GranteeID, &cats, &starts, &expires, &revoked); err != nil {
			return nil, fmt.Errorf("scan grant: %w", err)
		}
		g.StartsAt, g.ExpiresAt, g.RevokedAt = starts.Time, expires.Ptr(), revoked.Ptr()
		g.Categories = splitCategories(cats)
		if g.ActiveAt(now) && g.Covers(category) && !seen[g.GranteeID] {
			seen[g.GranteeID] = true
			out = append(out, g.GranteeID)
		}
	}
	return out, rows.Err()
}

// CreateSupportRequest records that memberID needs support now and, in the
// same transaction, puts it in the inbox of everyone who may see alerts and
// queues their email and push deliveries, so the request and its
// deliveries exist together or not at all. It returns the number of people
// it reaches.
func (tx *Tx) CreateSupportRequest(ctx context.Context, memberID string) (*SupportRequest, error) {
	req := &SupportRequest{ID: newID(), MemberID: memberID, CreatedAt: tx.Now}
	if err := tx.execLater(ctx, outcome{onErr: func(err error) error { return fmt.Errorf("record support request: %w", err) }},
		`INSERT INTO support_requests (id, member_id, created_at) VALUES (?, ?, ?)`, req.ID, memberID, tx.t(tx.Now)); err != nil {
		return nil, err
	}
	recipients, err := tx.alertRecipients(ctx, memberID)
	if err != nil {
		return nil, err
	}
	for _, to := range recipients {
		if err := tx.notify(ctx, to, KindSupportRequest, memberID, req.ID, tx.Now); err != nil {
			return nil, err
		}
	}
	req.Recipients = len(recipients)
	return req, tx.noteEvent(ctx, memberID, caseload.FlagSupportNow)
}

// AnswerSupportRequest records supporterID's answer to a request they were
// sent, and tells the member in their inbox, by email and by push.
func (tx *Tx) AnswerSupportRequest(ctx context.Context, requestID, supporterID, answer string) error {
	if answer != AnswerCalling && answer != AnswerOnMyWay {
		return &onward.Error{Code: onward.EINVALID, Message: "notify.please_choose_an_answer", Fields: onward.FieldErrors{"answer": i18n.M("notify.choose_im_calling_you_or_on_my")}}
	}
	var memberID string
	err := tx.queryRow(ctx, `SELECT r.member_id FROM support_requests r JOIN notifications n ON n.ref_id = r.id
		WHERE r.id = ? AND n.user_id = ? AND n.kind = ?`, requestID, supporterID, KindSupportRequest).Scan(&memberID)
	if errors.Is(err, sql.ErrNoRows) {
		return onward.NewError(onward.EFORBIDDEN, "notify.only_the_people_this_request_was_sent")
	}
	if err != nil {
		return fmt.Errorf("find support request: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO support_answers (id, request_id, supporter_id, answer, created_at) VALUES (?, ?, ?, ?, ?)`,
		newID(), requestID, supporterID, answer, tx.t(tx.Now)); err != nil {
		return fmt.Errorf("record answer: %w", err)
	}
	return tx.notify(ctx, memberID, KindSupportAnswer, supporterID, requestID, tx.Now)
}

// notify puts a notification in userID's inbox and queues its email and
// push deliveries, due at runAt with the kind's priority; the delivery
// worker skips channels the person turned off.
func (tx *Tx) notify(ctx context.Context, userID, kind, aboutID, refID string, runAt time.Time) error {
	id := newID()
	if err := tx.execLater(ctx, outcome{onErr: func(err error) error { return fmt.Errorf("add notification: %w", err) }},
		`INSERT INTO notifications (id, user_id, kind, about_id, ref_id, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, NULL)`,
		id, userID, kind, aboutID, refID, tx.t(tx.Now)); err != nil {
		return err
	}
	for _, job := range []string{JobEmail, JobPush} {
		if err := tx.addJob(ctx, job, userID, id, job+":"+id, priorityOf(kind), runAt); err != nil {
			return err
		}
	}
	return nil
}

// priorityOf is how urgently a kind of notification is delivered. Anything
// not known to be routine is urgent: a new kind of alert must never wait
// behind reminders because nobody listed it here.
func priorityOf(kind string) Priority {
	if kind == KindCheckinReminder || kind == KindSessionReminder || kind == KindTestDay || routineKinds[kind] {
		return PriorityRoutine
	}
	return PriorityUrgent
}

// SupportRequestMember returns whose request id is, for the access check
// that must come before anything else about it is read.
func (s *Store) SupportRequestMember(ctx context.Context, id string) (string, error) {
	var member string
	err := s.queryRow(ctx, `SELECT member_id FROM support_requests WHERE id = ?`, id).Scan(&member)
	if errors.Is(err, sql.ErrNoRows) {
		return "", onward.NewError(onward.ENOTFOUND, "notify.that_request_was_not_found")
	}
	if err != nil {
		return "", fmt.Errorf("find support request: %w", err)
	}
	return member, nil
}

// SupportRequest returns one of the member's requests with its answers,
// oldest answer first.
func (r *Reader) SupportRequest(ctx context.Context, id string) (*SupportRequest, error) {
	if err := r.need(onward.CategoryAlerts); err != nil {
		return nil, err
	}
	s := r.s
	req := &SupportRequest{ID: id}
	var created dbTime
	err := s.queryRow(ctx, `SELECT r.member_id, u.display_name, r.created_at,
		(SELECT COUNT(*) FROM notifications n WHERE n.ref_id = r.id AND n.kind = ?)
		FROM support_requests r JOIN users u ON u.id = r.member_id WHERE r.id = ? AND r.member_id = ?`, KindSupportRequest, id, r.d.subject).
		Scan(&req.MemberID, &req.MemberName, &created, &req.Recipients)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "notify.that_request_was_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("read support request: %w", err)
	}
	req.CreatedAt = created.Time
	rows, err := s.query(ctx, `SELECT a.supporter_id, u.display_name, a.answer, a.created_at FROM support_answers a
		JOIN users u ON u.id = a.supporter_id WHERE a.request_id = ? ORDER BY a.created_at, a.id`, id)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a SupportAnswer
		var at dbTime
		if err := rows.Scan(&a.SupporterID, &a.SupporterName, &a.Answer, &at); err != nil {
			return nil, fmt.Errorf("scan answer: %w", err)
		}
		a.CreatedAt = at.Time
		req.Answers = append(req.Answers, a)
	}
	return req, rows.Err()
}

// Notifications returns userID's newest notifications, newest first.
func (s *Store) Notifications(ctx context.Context, userID string, limit int) ([]Notification, error) {
	rows, err := s.query(ctx, `SELECT n.id, n.kind, n.about_id, COALESCE(u.display_name, ''), n.ref_id, n.created_at, n.read_at
		FROM notifications n LEFT JOIN users u ON u.id = n.about_id
		WHERE n.user_id = ? ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("read notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		n := Notification{UserID: userID}
		var created, read dbTime
		if err := rows.Scan(&n.ID, &n.Kind, &n.AboutID, &n.AboutName, &n.RefID, &created, &read); err != nil {
			return nil, fmt.Errorf("scan notification: %w", err)
		}
		n.CreatedAt, n.ReadAt = created.Time, read.Ptr()
		out = append(out, n)
	}
	return out, rows.Err()
}

// Notification returns one notification with the name of the person it
// is about.
func (s *Store) Notification(ctx context.Context, id string) (*Notification, error) {
	n := Notification{ID: id}
	var created, read dbTime
	err := s.queryRow(ctx, `SELECT n.user_id, n.kind, n.about_id, COALESCE(u.display_name, ''), n.ref_id, n.created_at, n.read_at
		FROM notifications n LEFT JOIN users u ON u.id = n.about_id WHERE n.id = ?`, id).
		Scan(&n.UserID, &n.Kind, &n.AboutID, &n.AboutName, &n.RefID, &created, &read)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "notify.that_notification_was_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("read notification: %w", err)
	}
	n.CreatedAt, n.ReadAt = created.Time, read.Ptr()
	return &n, nil
}

// UnreadNotifications counts userID's unread notifications.
func (s *Store) UnreadNotifications(ctx context.Context, userID string) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationsRead marks all of userID's notifications read.
func (tx *Tx) MarkNotificationsRead(ctx context.Context, userID string) error {
	if _, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, tx.t(tx.Now), userID); err != nil {
		return fmt.Errorf("mark notifications read: %w", err)
	}
	return nil
}

// SupportAnswerOf returns supporterID's latest answer to a request.
func (s *Store) SupportAnswerOf(ctx context.Context, requestID, supporterID string) (string, error) {
	var answer string
	err := s.queryRow(ctx, `SELECT answer FROM support_answers WHERE request_id = ? AND supporter_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
		requestID, supporterID).Scan(&answer)
	if err != nil {
		return "", fmt.Errorf("read answer: %w", err)
	}
	return answer, nil
}

// AlertRecipientCount is how many people an "I need support now" from
// memberID would reach right now.
func (s *Store) AlertRecipientCount(ctx context.Context, memberID string) (int, error) {
	rows, err := s.query(ctx, alertGrantsQuery, memberID)
	if err != nil {
		return 0, fmt.Errorf("load grants: %w", err)
	}
	ids, err := scanAlertRecipients(rows, memberID, s.now())
	return len(ids), err
}

// SupportRequestsSince counts the member's requests for support made at or
// after since, so an automatic alert goes out at most once a day.
func (tx *Tx) SupportRequestsSince(ctx context.Context, memberID string, since time.Time) (int, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM support_requests WHERE member_id = ? AND created_at >= ?", memberID, tx.t(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count support requests: %w", err)
	}
	return n, nil
}
