// Package transcript defines Rostrum's document model: one published event
// page (a Document) made of speaker turns (Turn), with its taxonomy, media
// and related items, plus the Store interface that every archive engine
// implements and the error kinds they return.
//
// The package imports only the standard library. Parsers produce Documents,
// engines store them, and the command line and web site read them back.
package transcript
