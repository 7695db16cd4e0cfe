package postgres

import "github.com/rostrum/rostrum/internal/transcript"

// Documents, versions, raw inputs and edits are read by sqlstore, on the
// replica when there is one, each read tried again after a lost
// connection (see ReadRetryFor).
var _ transcript.EditLog = (*Store)(nil)
