package onward

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Plan is a member's own relapse-prevention plan. Lists hold one item per
// entry, in the member's words.
type Plan struct {
	UserID       string    `json:"-"`
	Triggers     []string  `json:"triggers"`      // people, places, things, feelings
	HALT         []string  `json:"halt"`          // which of hungry, angry, lonely, tired are triggers
	WarningSigns []string  `json:"warning_signs"` // early signs that things are slipping
	Coping       []string  `json:"coping"`        // what to do instead
	People       []Contact `json:"people"`        // people to call
	Reasons      []string  `json:"reasons"`       // reasons for recovery
	SafePlaces   []string  `json:"safe_places"`   // safe places and activities
	UpdatedAt    time.Time `json:"-"`
}

// Contact is someone to call.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// HALTStates are the classic "hungry, angry, lonely, tired" trigger states.
var HALTStates = []string{"hungry", "angry", "lonely", "tired"}

// Plan limits keep the plan printable on one or two pages.
const (
	maxPlanItems      = 20
	maxPlanItemLength = 200
	maxPlanPeople     = 8
)

// Validate trims the plan and checks its limits.
func (p *Plan) Validate() error {
	errs := FieldErrors{}
	lists := map[string]*[]string{"triggers": &p.Triggers, "warning_signs": &p.WarningSigns, "coping": &p.Coping,
		"reasons": &p.Reasons, "safe_places": &p.SafePlaces}
	for field, list := range lists {
		*list = cleanList(*list)
		if len(*list) > maxPlanItems {
			errs.Add(field, "recovery.keep_it_to_20_items_or_fewer")
		}
		for _, item := range *list {
			if utf8.RuneCountInString(item) > maxPlanItemLength {
				errs.Add(field, "recovery.keep_each_item_under_200_characters")
			}
		}
	}
	for _, h := range p.HALT {
		if !oneOf(h, HALTStates) {
			errs.Add("halt", "recovery.choose_from_the_list")
		}
	}
	var people []Contact
	for _, c := range p.People {
		c.Name, c.Phone = strings.TrimSpace(c.Name), strings.TrimSpace(c.Phone)
		if c.Name == "" && c.Phone == "" {
			continue
		}
		if c.Name == "" || utf8.RuneCountInString(c.Name) > 80 {
			errs.Add("people", "recovery.give_each_person_a_name_of_up")
		}
		if !validPhone(c.Phone) {
			errs.Add("people", "recovery.enter_phone_numbers_with_digits_spaces")
		}
		people = append(people, c)
	}
	if len(people) > maxPlanPeople {
		errs.Add("people", "recovery.keep_it_to_8_people_or_fewer")
	}
	p.People = people
	return errs.Err()
}

// Empty reports whether the member has written nothing in the plan.
func (p *Plan) Empty() bool {
	return len(p.Triggers)+len(p.HALT)+len(p.WarningSigns)+len(p.Coping)+len(p.People)+len(p.Reasons)+len(p.SafePlaces) == 0
}

func cleanList(items []string) []string {
	var out []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// validPhone accepts what people type for a phone number: 3–20 digits
// with common separators.
func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-().", r):
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 20
}

// Urge is one time the member used the craving flow.
type Urge struct {
	ID        string
	UserID    string
	StartedAt time.Time
	EndedAt   time.Time
	Passed    bool
	Helped    []string // coping strategies that helped, in the member's words
	Note      string
}
