//go:build race

package web_test

// raceEnabled reports whether the tests run under the race detector,
// which makes SQLite (C translated to Go) some fifty times slower.
const raceEnabled = true
