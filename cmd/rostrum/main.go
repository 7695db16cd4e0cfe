// Rostrum archives and searches official statements and event transcripts:
// press statements, news conferences, meetings and speeches, starting with
// the President of Russia's website (kremlin.ru). It keeps every document,
// with its earlier versions, in one SQLite file, or on a PostgreSQL server
// for a shared archive, with read replicas.
//
// Usage:
//
//	rostrum COMMAND [flags] [args]
//
// The commands are:
//
//	parse    print the documents parsed from files as JSON; store nothing
//	ingest   parse files, folders or standard input into the archive
//	crawl    fetch new and changed pages from kremlin.ru into the archive
//	reparse  re-derive every document from its stored raw page with the current parser
//	show     print a stored document as text
//	history  list the stored versions of a document and what changed in each
//	diff     show what changed between two versions of a document, word by word
//	cite     format a reference to a document or a turn (Chicago, APA, MLA, BibTeX, RIS)
//	qa       pair the questions of a press event with the turns that answer them
//	editions line up the two editions of an event and report where they differ
//	search   find who said what, when
//	kwic     show every occurrence of words in context (a concordance)
//	list     list the documents, all or those a query selects
//	verify   find where a quote comes from, and whether it is exact, close or altered
//	figures  list the figures quoted in turns and the ones that conflict
//	trend    chart how often words are used, per year or month, per million words
//	export   write the archive as JSON Lines, CSV or TEI
//	stats    summarise the archive
//	persons  list persons, show how names were joined, correct them
//	serve    serve the archive as a web site, JSON API and Atom feeds
//	migrate  bring the archive's schema up to date
//	copy     copy a whole archive, history included, to another (SQLite or PostgreSQL)
//	demo     load the bundled sample (or your pages) into a temporary archive and serve it
//	gen      write synthetic kremlin.ru-like text dumps for scale tests
//	bench    measure ingest and search on a generated corpus
//	help     explain a command
//
// Every command takes --db, the archive: a SQLite file (default rostrum.db
// in the working directory) or a postgres:// URL, or $ROSTRUM_DB. The
// commands that only read (serve, search, kwic, trend, figures, show, cite, export, stats) also take
// --db-read, a PostgreSQL read replica of --db ($ROSTRUM_DB_READ). Flags
// may come before or after the arguments. For example:
//
//	rostrum ingest --db archive.db pages/
//	rostrum show --db archive.db kremlin.ru/67763
//	rostrum export --db archive.db --format csv -o turns.csv
//	rostrum copy --from archive.db --to postgres://rostrum@db.example.org/rostrum
//	rostrum serve --db postgres://rostrum@primary/rostrum --db-read postgres://rostrum@replica/rostrum
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(os.Stderr, "rostrum:", err)
	}
	os.Exit(exitCode(err))
}

// Config is what the flags and ROSTRUM_* environment variables set.
type Config struct {
	DB       string // archive path or DSN
	DBRead   string // a read replica's DSN, for the commands that only read
	Format   string // input format for parse and ingest
	Workers  int
	MaxBytes int64
	// Page is what parse and ingest are told of pages that lack it
	// (--date, --title).
	Page parser.Options
}

// defaultConfig reads the ROSTRUM_* environment variables that give the
// flags their defaults.
func defaultConfig() (Config, error) {
	cfg := Config{DB: "rostrum.db", Format: ingest.Auto, MaxBytes: ingest.DefaultMaxBytes}
	if v := os.Getenv("ROSTRUM_DB"); v != "" {
		cfg.DB = v
	}
	cfg.DBRead = os.Getenv("ROSTRUM_DB_READ")
	if v := os.Getenv("ROSTRUM_FORMAT"); v != "" {
		cfg.Format = v
	}
	if v := os.Getenv("ROSTRUM_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return cfg, fmt.Errorf("ROSTRUM_WORKERS: %w", err)
		}
		cfg.Workers = n
	}
	if v := os.Getenv("ROSTRUM_MAX_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return cfg, fmt.Errorf("ROSTRUM_MAX_BYTES: %w", err)
		}
		cfg.MaxBytes = n
	}
	return cfg, nil
}

// env is what a command runs with.
type env struct {
	cfg       Config
	dbSet     bool // --db was given on the command line
	dbReadSet bool // --db-read was given on the command line
	stdin     io.Reader
	stdout    io.Writer
	stderr    io.Writer
}

// command is one of rostrum's commands.
type command = cli.Command[env]

// The command line's errors: see package cli.
var (
	errReported = cli.ErrReported
	usagef      = cli.Usagef
	exitCode    = cli.ExitCode
)

// program is rostrum: its commands, its usage, and the --db and
// --db-read flags that the commands share.
var program = &cli.Program[env]{
	Name:     "rostrum",
	Commands: commands,
	Intro: `Rostrum archives and searches official statements and event transcripts.

Usage:

	rostrum COMMAND [flags] [args]

Commands:

`,
	Outro: `
Every command takes --db, the archive: a SQLite file (default rostrum.db) or a
postgres:// URL, or $ROSTRUM_DB. Flags may come before or after arguments.
New here? Try: rostrum demo

Run 'rostrum help COMMAND' or 'rostrum COMMAND --help' for details.
`,
	Common: func(c *command, fs *flag.FlagSet, e *env) {
		fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the archive: a SQLite file `path` or a postgres:// URL ($ROSTRUM_DB)")
		if readers[c.Name] {
			fs.StringVar(&e.cfg.DBRead, "db-read", e.cfg.DBRead, "read from this PostgreSQL replica of --db (a postgres:// `URL`; $ROSTRUM_DB_READ)")
		}
		// --help shows the defaults, which $ROSTRUM_DB and $ROSTRUM_DB_READ
		// set: without their passwords.
		for _, name := range []string{"db", "db-read"} {
			if f := fs.Lookup(name); f != nil {
				f.DefValue = displayDSN(f.DefValue)
			}
		}
	},
	Parsed: func(c *command, fs *flag.FlagSet, e *env) {
		fs.Visit(func(f *flag.Flag) {
			e.dbSet = e.dbSet || f.Name == "db"
			e.dbReadSet = e.dbReadSet || f.Name == "db-read"
		})
		if !readers[c.Name] || e.dbSet && !e.dbReadSet {
			// $ROSTRUM_DB_READ is a replica of $ROSTRUM_DB's primary: an
			// archive named by --db is read from itself unless --db-read
			// names its replica too.
			e.cfg.DBRead = ""
		}
	},
}

// run is the whole program: it reads the command line and runs a command.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := defaultConfig()
	if err != nil {
		return err
	}
	return program.Run(ctx, &env{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr}, args, stdout, stderr)
}

// commands returns rostrum's commands, each with its help.
func commands() []*command {
	cs := []*command{parseCmd(), ingestCmd(), crawlCmd(), reparseCmd(), showCmd(), historyCmd(), diffCmd(), citeCmd(), qaCmd(), editionsCmd(), searchCmd(), listCmd(), kwicCmd(), trendCmd(), verifyCmd(), figuresCmd(), exportCmd(), statsCmd(), personsCmd(), serveCmd(), migrateCmd(), indexCmd(), copyCmd(), demoCmd(), genCmd(), benchCmd()}
	for _, c := range cs {
		c.Usage = help(c.Name)
	}
	return cs
}

// helpFiles are the commands' help texts, help/COMMAND.txt: the
// synopsis, then a description and an example.
//
//go:embed help/*.txt
var helpFiles embed.FS

// help returns the help of the command name ("" for a command without
// its help file, a mistake that TestHelpFiles catches).
func help(name string) string {
	b, _ := helpFiles.ReadFile("help/" + name + ".txt")
	return string(b)
}

// readers are the commands that only read the archive, and so take
// --db-read.
var readers = map[string]bool{"serve": true, "search": true, "kwic": true, "trend": true, "verify": true, "figures": true, "show": true, "history": true, "diff": true, "cite": true, "qa": true, "editions": true, "list": true, "export": true, "stats": true}

// openStore opens the archive that dsn names: a SQLite file, or with a
// postgres:// URL an archive on a PostgreSQL server. With mustExist, a
// missing file, or a PostgreSQL schema that holds no archive yet, is an
// error rather than a new, empty archive.
func openStore(ctx context.Context, dsn string, mustExist bool) (transcript.Archive, error) {
	return open(ctx, "", dsn, engine.Options{MustExist: mustExist})
}

// openArchive opens cfg.DB as openStore does, reading from the replica
// cfg.DBRead when it is set.
func openArchive(ctx context.Context, cfg Config, mustExist bool) (transcript.Archive, error) {
	return open(ctx, "", cfg.DB, engine.Options{MustExist: mustExist, ReadReplica: cfg.DBRead})
}

// openWritable opens dsn for the command cmd to write to: an archive on
// a read-only server is refused at once.
func openWritable(ctx context.Context, cmd, dsn string, mustExist bool) (transcript.Archive, error) {
	return open(ctx, cmd, dsn, engine.Options{MustExist: mustExist, Write: true})
}

// open opens dsn for the command cmd. A read-only archive that opts.Write
// refuses is cmd's error (unless cmd is ""); a mistake in naming the
// archive (a replica of a SQLite file) is a usage error.
func open(ctx context.Context, cmd, dsn string, opts engine.Options) (transcript.Archive, error) {
	a, err := engine.Open(ctx, dsn, opts)
	if te := (*transcript.Error)(nil); errors.As(err, &te) && te.Kind == transcript.ErrInvalid {
		return nil, usagef("%s", te.Msg)
	}
	if cmd != "" && errors.Is(err, transcript.ErrReadOnly) {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return a, err
}

// displayDSN is dsn as messages show it, without its password.
func displayDSN(dsn string) string { return engine.Display(dsn) }
