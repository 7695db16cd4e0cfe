package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rostrum/rostrum/internal/transcript"
)

// ErrUnavailable is wrapped by the errors of operations that could not
// reach the server, or lost their connection to it and did not get it
// back in time. Such an operation changed nothing: a write that lost its
// connection was rolled back by the server, or committed, in which case
// running it again finds it done.
var ErrUnavailable error = &transcript.Error{Kind: transcript.ErrUnavailable, Msg: "the PostgreSQL server is unavailable"}

// serverError is an error that names the server and says what to do; it
// keeps the driver's error for errors.As.
type serverError struct {
	msg         string
	err         error
	unavailable bool
}

func (e *serverError) Error() string { return e.msg }

func (e *serverError) Unwrap() []error {
	if e.unavailable {
		return []error{ErrUnavailable, e.err}
	}
	return []error{e.err}
}

// serverAddr names the server that cfg connects to, as HOST:PORT (a unix
// socket's directory standing for its host), with the other hosts of a
// multi-host DSN after it.
func serverAddr(cfg *pgconn.Config) string {
	addrs := []string{hostPort(cfg.Host, cfg.Port)}
	for _, fb := range cfg.Fallbacks {
		if a := hostPort(fb.Host, fb.Port); !strings.Contains(strings.Join(addrs, "\x00")+"\x00", a+"\x00") {
			addrs = append(addrs, a)
		}
	}
	return strings.Join(addrs, ", ")
}

func hostPort(host string, port uint16) string {
	p := strconv.Itoa(int(port))
	if strings.HasPrefix(host, "/") {
		return host + ":" + p
	}
	return net.JoinHostPort(host, p)
}

// describe turns the errors a user can act on (a server that cannot be
// reached, a connection lost, a login refused, a database missing) into a
// message that names the server at addr and says what is wrong. Other
// errors come back unchanged.
func describe(addr, user string, err error) error {
	var se *serverError
	if err == nil || errors.As(err, &se) || errors.Is(err, context.Canceled) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01": // invalid_password
			return &serverError{msg: fmt.Sprintf("the PostgreSQL server at %s refused user %q: %s (check the password in the DSN, $PGPASSWORD or ~/.pgpass)",
				addr, user, pe.Message), err: err}
		case pe.Code == "28000": // invalid_authorization_specification: no such role, or pg_hba.conf
			return &serverError{msg: fmt.Sprintf("the PostgreSQL server at %s refused user %q: %s", addr, user, pe.Message), err: err}
		case pe.Code == "3D000": // invalid_catalog_name
			return &serverError{msg: fmt.Sprintf("the PostgreSQL server at %s: %s: create it (createdb), or name another database in the DSN",
				addr, pe.Message), err: err}
		case pe.Code == "57P03": // cannot_connect_now: starting up, shutting down, in recovery
			return &serverError{msg: fmt.Sprintf("cannot reach the PostgreSQL server at %s: %s", addr, pe.Message), err: err, unavailable: true}
		case strings.HasPrefix(pe.Code, "08") && strings.Contains(pe.Message, "unsupported startup parameter"):
			// A pooler (PgBouncer) refusing a parameter of the DSN: a
			// setting to change, not a connection to wait for.
			return &serverError{msg: fmt.Sprintf("the server at %s (a connection pooler) refused the connection: %s: remove it from the DSN (for search_path: keep the archive in the public schema of its own database, or ALTER ROLE … SET search_path on the server), or add it to the pooler's ignore_startup_parameters",
				addr, pe.Message), err: err}
		case pe.Code == "57P01" || pe.Code == "57P02" || strings.HasPrefix(pe.Code, "08"):
			// admin_shutdown, crash_shutdown, connection_exception
			return &serverError{msg: fmt.Sprintf("lost the connection to the PostgreSQL server at %s: %s", addr, pe.Message), err: err, unavailable: true}
		}
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return &serverError{msg: fmt.Sprintf("cannot reach the PostgreSQL server at %s: %s", addr, netCause(err)), err: err, unavailable: true}
	}
	if connectionLost(err) {
		return &serverError{msg: fmt.Sprintf("lost the connection to the PostgreSQL server at %s: %s", addr, netCause(err)), err: err, unavailable: true}
	}
	return err
}

// connectionLost reports whether err says that a connection broke under
// a statement, rather than that the statement failed.
func connectionLost(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return false // the caller's deadline, not the connection
	}
	var ne net.Error
	return errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.As(err, &ne)
}

// netCause is the part of a connection error that says what went wrong,
// without the driver's wrapping: "connect: connection refused", or for a
// unix socket that is not there, where no server listens.
func netCause(err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		if errors.Is(se.Err, syscall.ENOENT) {
			var oe *net.OpError
			if errors.As(err, &oe) && oe.Addr != nil {
				return fmt.Sprintf("no server is listening on the socket %s", oe.Addr)
			}
			return "no server is listening on that socket"
		}
		return se.Error()
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection"
	case errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn):
		return "the connection broke"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		// "failed to connect to `user=… database=…`: host (host): why"
		msg := ce.Error()
		if _, rest, ok := strings.Cut(msg, "`: "); ok {
			return rest
		}
		return msg
	}
	// The innermost error says what happened; the ones around it, where.
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}
