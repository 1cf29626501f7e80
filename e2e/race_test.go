//go:build race

package e2e

// raceEnabled says whether the tests were built with -race. The server under
// test is then built with -race too, so that a data race in a request handler
// fails the browser tests.
const raceEnabled = true
