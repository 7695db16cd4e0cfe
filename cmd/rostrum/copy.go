package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/rostrum/rostrum/internal/archivecopy"
	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func copyCmd() *command {
	var from, to string
	var intoExisting bool
	return &command{
		Name:    "copy",
		Summary: "copy a whole archive, history included, to another (SQLite or PostgreSQL)",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&from, "from", "", "the archive to copy: a SQLite file or a postgres:// `URL` (default --db)")
			fs.StringVar(&to, "to", "", "the archive to copy into: a SQLite file or a postgres:// `URL`")
			fs.BoolVar(&intoExisting, "into-existing", false, "add to a target that holds documents already, skipping what it has")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("copy: unexpected argument %q (run 'rostrum copy --help')", args[0])
			}
			if from == "" {
				from = e.cfg.DB
			}
			if to == "" {
				return usagef("copy: no --to archive given (run 'rostrum copy --help')")
			}
			if engine.Same(from, to) {
				return usagef("copy: --from and --to name the same archive, %s", displayDSN(to))
			}
			return runCopy(ctx, e, from, to, intoExisting)
		},
	}
}

func runCopy(ctx context.Context, e *env, from, to string, intoExisting bool) error {
	src, err := openStore(ctx, from, true)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer src.Close()
	dst, err := openWritable(ctx, "", to, false)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer dst.Close()
	progress := &cli.CopyProgress{W: e.stderr, From: displayDSN(from), To: displayDSN(to)}
	started := false
	opts := archivecopy.Options{
		IntoExisting: intoExisting,
		Warn:         func(msg string) { fmt.Fprintln(e.stderr, "copy:", msg) },
		Started: func(st transcript.Stats) error {
			progress.Started(st)
			if err := dst.StartBulk(ctx); err != nil {
				return err
			}
			started = true
			return nil
		},
		Progress: progress.Draw,
	}
	rep, copyErr := archivecopy.Copy(ctx, src, dst, opts)
	if ne := (*archivecopy.NotEmptyError)(nil); errors.As(copyErr, &ne) {
		return fmt.Errorf("copy: %s already holds %s: copy into an empty archive, or add --into-existing to add only what it lacks",
			displayDSN(to), textout.Plural(ne.Documents, "document", "documents"))
	}
	if !started {
		return fmt.Errorf("copy: %w", copyErr) // nothing written
	}
	progress.Clear()
	fmt.Fprintf(e.stdout, "%s in %s, %.1f versions/s\n", rep.Summary(), rep.Elapsed.Round(time.Millisecond),
		float64(rep.Versions)/max(rep.Elapsed.Seconds(), 1e-3))
	if err := engine.EndBulk(dst, rep.Versions, copyErr != nil, e.stderr); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if copyErr != nil {
		return fmt.Errorf("copy stopped: %w; what the line above counts is stored: run the same command with --into-existing to finish", copyErr)
	}

	v, err := archivecopy.Verify(ctx, src, dst, rep)
	if err != nil {
		return fmt.Errorf("copy: verify: %w", err)
	}
	if !v.Write(e.stdout, e.stderr, 20) {
		return fmt.Errorf("copy: the target differs from the source: %s", textout.Plural(len(v.Problems), "mismatch", "mismatches"))
	}
	return nil
}
