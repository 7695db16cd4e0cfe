// Package archive holds the engine-neutral parts of Rostrum's archive
// engines (internal/sqlite and internal/postgres): what both do the same
// way around their SQL. It keys search units, and turns what an engine
// has read (stored JSON, gzipped raw bodies, counted rows) into the
// values of package transcript.
//
// It imports only transcript, search and the standard library, never a
// database driver: SQL, which differs per dialect, stays in each engine.
// Its functions are safe for concurrent use.
package archive
