package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PersonOverrides returns the person registry's overrides file as the
// archive keeps it, "" when none was applied (transcript.Catalog).
func (s *Store) PersonOverrides(ctx context.Context) (string, error) {
	text, err := retryRead(ctx, s, s.read, func() (string, error) {
		var text string
		err := s.read.QueryRowContext(ctx, sqlPersonOverrides).Scan(&text)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return text, err
	})
	if err != nil {
		return "", fmt.Errorf("postgres: person overrides: %w", err)
	}
	return text, nil
}

// SetPersonOverrides keeps text as the person registry's overrides file
// ("" removes it) and moves the archive's generation, so that every
// reader's vocabulary and cached pages see the change
// (transcript.PersonEditor).
func (s *Store) SetPersonOverrides(ctx context.Context, text string) error {
	err := s.retry(ctx, func() error {
		tx, err := s.writeTx(ctx)
		if err != nil {
			return err
		}
		if text == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = 'persons_overrides'`)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('persons_overrides', $1)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, textValue(text))
		}
		if err != nil {
			return rollback(tx, err)
		}
		if _, err := tx.ExecContext(ctx, sqlGeneration); err != nil {
			return rollback(tx, err)
		}
		return tx.Commit()
	})
	if err != nil {
		return fmt.Errorf("postgres: set person overrides: %w", err)
	}
	s.vocab.Reset()
	return nil
}

const sqlPersonOverrides = `SELECT value FROM settings WHERE key = 'persons_overrides'`
