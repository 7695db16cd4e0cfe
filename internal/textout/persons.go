package textout

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

type personJSON struct {
	Name      string           `json:"name"`
	Turns     int              `json:"turns"`
	Documents int              `json:"documents"`
	First     string           `json:"first"`
	Last      string           `json:"last"`
	Members   []persons.Member `json:"members"`
	Labels    []string         `json:"labels"`
	Roles     []string         `json:"roles"`
}

func toPersonJSON(p persons.Person, m transcript.Person) personJSON {
	j := personJSON{Name: m.Name, Turns: m.Turns, Documents: m.Documents, First: m.First, Last: m.Last,
		Members: p.Members, Labels: m.Labels, Roles: m.Roles}
	if j.Labels == nil {
		j.Labels = []string{}
	}
	if j.Roles == nil {
		j.Roles = []string{}
	}
	return j
}

// Persons lists persons, one a line (JSON Lines with asJSON), their
// names under reg.
func Persons(w io.Writer, reg *persons.Registry, list []transcript.Person, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, m := range list {
			p, _ := reg.Lookup(m.Name)
			if p.Name == "" {
				p, _ = reg.Lookup(firstVariant(m))
			}
			if err := enc.Encode(toPersonJSON(p, m)); err != nil {
				return err
			}
		}
		return nil
	}
	for _, m := range list {
		line := fmt.Sprintf("%-40s %7d turns %6d docs", m.Name, m.Turns, m.Documents)
		if len(m.Variants) > 0 {
			line += "   also: " + strings.Join(m.Variants, "; ")
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " ")); err != nil {
			return err
		}
	}
	return nil
}

// firstVariant is a stored name of a merged person, for a person shown
// under a name the overrides gave.
func firstVariant(m transcript.Person) string {
	if len(m.Variants) > 0 {
		return m.Variants[0]
	}
	return m.Name
}

// Person prints one person: counts, the names joined under it and why,
// roles and labels (one indented JSON object with asJSON).
func Person(w io.Writer, p persons.Person, m transcript.Person, asJSON bool) error {
	if asJSON {
		b, err := json.MarshalIndent(toPersonJSON(p, m), "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", m.Name)
	fmt.Fprintf(&b, "  %d turns in %d documents", m.Turns, m.Documents)
	if m.First != "" {
		fmt.Fprintf(&b, ", %s to %s", m.First, m.Last)
	}
	b.WriteString("\n")
	if len(p.Members) > 1 || p.Members[0].Name != m.Name {
		b.WriteString("  names:\n")
		for _, mem := range p.Members {
			why := mem.Why
			if why == "" {
				why = "the name shown"
				if mem.Name != m.Name {
					why = "renamed by the overrides file to " + m.Name
				}
			}
			fmt.Fprintf(&b, "    %-36s %6d turns  %s\n", mem.Name, mem.Turns, why)
		}
	}
	if len(m.Roles) > 0 {
		fmt.Fprintf(&b, "  roles: %s\n", strings.Join(m.Roles, "; "))
	}
	if len(m.Labels) > 0 {
		fmt.Fprintf(&b, "  labels: %s\n", strings.Join(m.Labels, "; "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// OverridesKept tells, after persons apply FILE, what the archive kept of
// file's overrides o: the issues they leave, one warning a line, then
// how many merges, distinct pairs and renames, and persons there now are.
func OverridesKept(w io.Writer, file string, o *persons.Overrides, issues []persons.Issue, n int) {
	for _, is := range issues {
		fmt.Fprintf(w, "persons: warning: %s: %s\n", is.Name, is.What)
	}
	fmt.Fprintf(w, "persons: kept %s: %d merges, %d distinct, %d renames; %d persons\n", file,
		len(o.Merges), len(o.Distinct), len(o.Renames), n)
}

// Issues prints what the person registry asks to look at, and how many
// on stderr (a JSON object on stdout with asJSON).
func Issues(stdout, stderr io.Writer, issues []persons.Issue, asJSON bool) error {
	if asJSON {
		if issues == nil {
			issues = []persons.Issue{}
		}
		b, err := json.Marshal(map[string]any{"issues": issues})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	for _, is := range issues {
		fmt.Fprintf(stdout, "%s: %s\n", is.Name, is.What)
	}
	fmt.Fprintf(stderr, "persons: %d to look at\n", len(issues))
	return nil
}
