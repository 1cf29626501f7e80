package recovery

import "github.com/onward-recovery/onward/internal/i18n"

// Text is wording in every language Onward speaks (see i18n.Text).
type Text = i18n.Text
