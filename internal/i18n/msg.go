// Package i18n holds Msg, the one type for wording that domain packages
// hand to the layers that speak to people: a message id of the catalogs
// (internal/locale) and its placeholder values, not yet in a language.
package i18n

// Msg is wording for a person, not yet in a language: the id of a message
// in the catalogs (internal/locale) and the values of its placeholders as
// name, value pairs. Domain packages return Msgs; the web layer puts them
// in the reader's language.
type Msg struct {
	ID   string
	Args []any
}

// M builds a Msg.
func M(id string, kv ...any) Msg { return Msg{ID: id, Args: kv} }
