package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// histogram draws hits per period as an inline SVG bar chart: per month
// when the result spans at most four years, per year otherwise. Each bar
// links to the same search narrowed to its period, and carries a <title>
// (a tooltip, and the text a screen reader reads).
//
// unit is what the bars count, "matches", "turns" or "documents", in
// the interface language l.
func histogram(months []transcript.FacetCount, q, l, unit string) template.HTML {
	if len(months) == 0 {
		return ""
	}
	first, last := months[0].Value, months[len(months)-1].Value
	fy, fm, ok1 := yearMonth(first)
	ly, lm, ok2 := yearMonth(last)
	if !ok1 || !ok2 {
		return ""
	}
	count := map[string]int{}
	for _, m := range months {
		count[m.Value] = m.Count
	}
	var bars []bar
	if !histogramYearly(months) {
		for y, m := fy, fm; y < ly || y == ly && m <= lm; {
			key := fmt.Sprintf("%04d-%02d", y, m)
			bars = append(bars, bar{Label: dateIn(l, key), Key: key, N: count[key], Tick: m == 1 || len(bars) == 0})
			if m++; m > 12 {
				y, m = y+1, 1
			}
		}
	} else {
		years := map[int]int{}
		for _, m := range months {
			if y, _, ok := yearMonth(m.Value); ok {
				years[y] += m.Count
			}
		}
		for y := fy; y <= ly; y++ {
			key := strconv.Itoa(y)
			bars = append(bars, bar{Label: key, Key: key, N: years[y], Tick: y%5 == 0 || y == fy})
		}
	}
	return drawBars(bars, func(b bar) string { return searchURL(refine(q, "from:"+b.Key+" to:"+b.Key)) }, l, unit)
}

// histogramYearly reports whether histogram draws a bar per year (the
// months span more than four years) rather than per month.
func histogramYearly(months []transcript.FacetCount) bool {
	if len(months) == 0 {
		return false
	}
	fy, fm, ok1 := yearMonth(months[0].Value)
	ly, lm, ok2 := yearMonth(months[len(months)-1].Value)
	return ok1 && ok2 && (ly-fy)*12+lm-fm+1 > 48
}

type bar struct {
	Label string // for the tooltip
	Key   string // the axis label
	N     int
	Tick  bool // label this bar on the axis
}

// drawBars draws bars left to right in a 640×146 view box that scales to
// its container, with a left axis that counts (zero, half the highest
// bar and the highest, each with a grid line) and a bottom axis of
// periods; href gives each bar's link ("" for none).
func drawBars(bars []bar, href func(bar) string, l, unit string) template.HTML {
	const w, h, axis, left = 640.0, 120.0, 26.0, 44.0
	maxN := 0
	for _, b := range bars {
		maxN = max(maxN, b.N)
	}
	if maxN == 0 {
		return ""
	}
	step := (w - left) / float64(len(bars))
	gap := min(step*0.2, 2)
	top := 14.0 // room for the highest count's label
	scale := (h - top) / float64(maxN)
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`,
		w, h+axis, template.HTMLEscapeString(tr(l, "chart.aria", tr(l, "unit."+unit), number(l, maxN))))
	// The count axis: 0, the middle and the highest.
	ticks := []int{0, maxN}
	if maxN >= 4 {
		ticks = []int{0, maxN / 2, maxN}
	}
	for _, n := range ticks {
		y := h - float64(n)*scale
		if n > 0 {
			fmt.Fprintf(&sb, `<line class="grid" x1="%.0f" y1="%.2f" x2="%.0f" y2="%.2f"/>`, left, y, w, y)
		}
		fmt.Fprintf(&sb, `<text class="tick count" x="%.0f" y="%.2f" text-anchor="end">%s</text>`, left-6, y+4, number(l, n))
	}
	for i, b := range bars {
		x := left + float64(i)*step
		bh := 0.0
		if b.N > 0 {
			bh = max(2, float64(b.N)*scale)
		}
		title := b.Label + ": " + trn(l, "n."+unit, b.N)
		link := ""
		if href != nil && b.N > 0 {
			link = href(b)
		}
		if link != "" {
			fmt.Fprintf(&sb, `<a href="%s">`, template.HTMLEscapeString(link))
		}
		// A full-height transparent target makes small bars easy to hit.
		fmt.Fprintf(&sb, `<g><title>%s</title><rect class="hit" x="%.2f" y="0" width="%.2f" height="%.0f"/><rect class="bar" x="%.2f" y="%.2f" width="%.2f" height="%.2f"/></g>`,
			template.HTMLEscapeString(title), x, step, h, x+gap/2, h-bh, step-gap, bh)
		if link != "" {
			sb.WriteString(`</a>`)
		}
		if b.Tick {
			fmt.Fprintf(&sb, `<text class="tick" x="%.2f" y="%.0f">%s</text>`, x, h+axis-6, template.HTMLEscapeString(shortKey(b.Key)))
		}
	}
	fmt.Fprintf(&sb, `<line class="axis" x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f"/><line class="axis" x1="%.0f" y1="0" x2="%.0f" y2="%.0f"/></svg>`, left, h, w, h, left, left, h)
	return template.HTML(sb.String())
}

func shortKey(k string) string {
	if y, m, ok := yearMonth(k); ok {
		if m == 1 {
			return strconv.Itoa(y)
		}
		return fmt.Sprintf("%d-%02d", y, m)
	}
	return k
}

func yearMonth(s string) (y, m int, ok bool) {
	if len(s) != 7 || s[4] != '-' {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	return y, m, err1 == nil && err2 == nil && m >= 1 && m <= 12
}
