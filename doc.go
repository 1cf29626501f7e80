// Package onward holds Onward's domain types, the error codes every layer
// shares, and the validation rules for input that reaches the domain. It
// depends on no database, web framework or other package of the project, so
// the domain can be read without knowing SQL or HTTP.
package onward
