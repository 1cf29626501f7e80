package onward

import "time"

// StaffTitle is what someone does on a program's staff. It sets their
// account's role: a program admin manages the staff and the program; every
// other title is care staff, with the clinician role, and sees a member's
// record only under the member's consent and care team.
type StaffTitle string

const (
	TitleProgramAdmin   StaffTitle = "program_admin"
	TitleClinician      StaffTitle = "clinician"
	TitleNurse          StaffTitle = "nurse"
	TitlePeerSpecialist StaffTitle = "peer_specialist"
)

// StaffTitles lists every title in the order forms offer them.
var StaffTitles = []StaffTitle{TitleClinician, TitleNurse, TitlePeerSpecialist, TitleProgramAdmin}

// Valid reports whether t is one of StaffTitles.
func (t StaffTitle) Valid() bool {
	for _, known := range StaffTitles {
		if t == known {
			return true
		}
	}
	return false
}

// Role is the account role a title carries.
func (t StaffTitle) Role() Role {
	if t == TitleProgramAdmin {
		return RoleProgramAdmin
	}
	return RoleClinician
}

// StaffInviteTTL is how long an invitation to a program's staff can be
// accepted: long enough for someone on leave, short enough that an old
// e-mail in a shared mailbox is not a way in.
const StaffInviteTTL = 7 * 24 * time.Hour

// StaffInvite is an invitation, sent by e-mail, to join a program's staff.
type StaffInvite struct {
	ID          string
	ProgramID   string
	ProgramName string
	Email       string
	Title       StaffTitle
	InvitedBy   string
	CreatedAt   time.Time
	ExpiresAt   time.Time
}
