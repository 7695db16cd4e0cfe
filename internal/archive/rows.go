package archive

// Rows is what this package reads of a result set: *sql.Rows has these
// methods, so that the package needs no database package.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// QueryFunc runs one of an engine's statements, inside the read
// transaction of the call, so that what several statements read agrees.
// An engine adapts its *sql.Tx:
//
//	query := func(q string, args ...any) (archive.Rows, error) { return tx.QueryContext(ctx, q, args...) }
type QueryFunc func(query string, args ...any) (Rows, error)
