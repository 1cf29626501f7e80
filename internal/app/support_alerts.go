package app

import (
	"context"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A supporter's side of "I need support now": the alert as it stands in
// their inbox (whether the member still shares alerts with them, the
// member's phone, their own answer) and answering it.

// AlertRef names one request for support in someone's inbox.
type AlertRef struct {
	RequestID string
	MemberID  string
}

// SupportAlert is one request for support as a person it was sent to sees
// it now.
type SupportAlert struct {
	Sharing bool   // the member still shares alerts with the viewer
	Phone   string // the number the member gave for alerts, while shared
	Answer  string // the viewer's answer, "" before answering
}

// errAlertsNotShared is the answer to someone who may not (or no longer)
// see the member's alerts.
var errAlertsNotShared = onward.NewError(onward.EFORBIDDEN, "support.your_answer_was_not_sent_this_alert")

// SupportAlerts says, for each request in viewer's inbox, whether its
// member still shares alerts with viewer, the phone they gave for alerts,
// and viewer's answer. Reading the phone is reading the member's alerts:
// asked for once per member who shares them now, and recorded.
func (a *App) SupportAlerts(ctx context.Context, viewer *onward.User, refs []AlertRef) (map[string]SupportAlert, error) {
	out := map[string]SupportAlert{}
	if len(refs) == 0 {
		return out, nil
	}
	consents, err := a.store.ConsentsTo(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	answers, err := a.store.AnswersBy(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	sharing := map[string]bool{}
	for _, m := range sharedMembers(consents, a.now()) {
		sharing[m.MemberID] = m.Active && m.Shares(onward.CategoryAlerts)
	}
	phones := map[string]string{}
	for _, ref := range refs {
		if _, asked := phones[ref.MemberID]; asked || !sharing[ref.MemberID] {
			continue
		}
		rd, d, err := a.read(ctx, principalOf(viewer), ref.MemberID, onward.CategoryAlerts)
		if err != nil {
			return nil, err
		}
		if !d.All() {
			sharing[ref.MemberID] = false
			continue
		}
		if phones[ref.MemberID], err = rd.AlertPhone(ctx); err != nil {
			return nil, err
		}
	}
	for _, ref := range refs {
		out[ref.RequestID] = SupportAlert{Sharing: sharing[ref.MemberID], Phone: phones[ref.MemberID], Answer: answers[ref.RequestID]}
	}
	return out, nil
}

// AnswerSupportRequest records viewer's answer to a request for support
// and tells the member. Only someone the request was sent to, who may
// still see the member's alerts, can answer; the decision is recorded
// either way. Answering marks the alert read.
func (a *App) AnswerSupportRequest(ctx context.Context, viewer *onward.User, requestID, answer string) error {
	if answer != sqlstore.AnswerCalling && answer != sqlstore.AnswerOnMyWay {
		err := onward.Invalid("answer", "notify.choose_im_calling_you_or_on_my")
		err.Message = "notify.please_choose_an_answer"
		return err
	}
	memberID, err := a.store.SupportRequestMember(ctx, requestID)
	if err != nil {
		return err
	}
	return a.decideThen(ctx, principalOf(viewer), memberID, onward.ActionRead, []onward.Category{onward.CategoryAlerts}, errAlertsNotShared,
		func(tx *sqlstore.Tx, _ sqlstore.Disclosure) error {
			if err := tx.AnswerSupportRequest(ctx, requestID, viewer.ID, answer); err != nil {
				return err
			}
			return tx.MarkRequestRead(ctx, viewer.ID, requestID)
		})
}
