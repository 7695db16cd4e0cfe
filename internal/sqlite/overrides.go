package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PersonOverrides returns the person registry's overrides file as the
// archive keeps it, "" when none was applied (transcript.Catalog).
func (s *Store) PersonOverrides(ctx context.Context) (string, error) {
	var text string
	err := s.read.QueryRowContext(ctx, sqlPersonOverrides).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: person overrides: %w", err)
	}
	return text, nil
}

// SetPersonOverrides keeps text as the person registry's overrides file
// ("" removes it) and moves the archive's generation, so that every
// reader's vocabulary and cached pages see the change
// (transcript.PersonEditor).
func (s *Store) SetPersonOverrides(ctx context.Context, text string) error {
	err := func() error {
		tx, err := s.write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if text == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = 'persons_overrides'`)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('persons_overrides', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, text)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sqlGeneration); err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err != nil {
		return fmt.Errorf("sqlite: set person overrides: %w", err)
	}
	s.vocab.Reset()
	return nil
}

const sqlPersonOverrides = `SELECT value FROM settings WHERE key = 'persons_overrides'`
