package sqlite

import "github.com/rostrum/rostrum/internal/transcript"

// Documents, versions, raw inputs and edits are read by sqlstore, on the
// read pool.
var _ transcript.EditLog = (*Store)(nil)
