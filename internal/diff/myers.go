package diff

// step is one element of an edit script: a kept pair of elements (i of
// the old sequence, j of the new), a removed old element i, or an added
// new element j.
type step struct {
	op   Op // Equal, Removed or Added
	i, j int
}

// maxEdits bounds the edit distance that myers computes exactly; past it
// the two sequences are reported as wholly replaced. Its trace then takes
// at most about maxEdits² ints.
const maxEdits = 2000

// myers returns a shortest edit script turning a sequence of n elements
// into one of m elements, where eq(i, j) reports whether old element i
// equals new element j (Myers, "An O(ND) difference algorithm", 1986).
// Common prefixes and suffixes are taken off first; an edit distance past
// maxEdits gives the whole middle as removed, then added.
func myers(n, m int, eq func(i, j int) bool) []step {
	var out []step
	pre := 0
	for pre < n && pre < m && eq(pre, pre) {
		out = append(out, step{Equal, pre, pre})
		pre++
	}
	suf := 0
	for suf < n-pre && suf < m-pre && eq(n-1-suf, m-1-suf) {
		suf++
	}
	a0, a1, b0, b1 := pre, n-suf, pre, m-suf
	out = append(out, middle(a0, a1, b0, b1, eq)...)
	for k := suf; k > 0; k-- {
		out = append(out, step{Equal, n - k, m - k})
	}
	return out
}

// middle is myers on old elements [a0, a1) and new elements [b0, b1).
func middle(a0, a1, b0, b1 int, eq func(i, j int) bool) []step {
	n, m := a1-a0, b1-b0
	replace := func() []step {
		out := make([]step, 0, n+m)
		for i := a0; i < a1; i++ {
			out = append(out, step{Removed, i, -1})
		}
		for j := b0; j < b1; j++ {
			out = append(out, step{Added, -1, j})
		}
		return out
	}
	if n == 0 || m == 0 {
		return replace()
	}
	maxD := min(n+m, maxEdits)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	// trace[d][k+d] is the furthest x on diagonal k after d edits.
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && eq(a0+x, b0+y) {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				return backtrack(trace, n, m, a0, b0)
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return replace()
}

func backtrack(trace [][]int, n, m, a0, b0 int) []step {
	var rev []step
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1]
		k := x - y
		at := func(k int) int { return prev[k+d-1] }
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		px := at(prevK)
		py := px - prevK
		for x > px && y > py && (x > px+boolInt(prevK == k-1)) && (y > py+boolInt(prevK == k+1)) {
			x--
			y--
			rev = append(rev, step{Equal, a0 + x, b0 + y})
		}
		if prevK == k+1 {
			y--
			rev = append(rev, step{Added, -1, b0 + y})
		} else {
			x--
			rev = append(rev, step{Removed, a0 + x, -1})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, step{Equal, a0 + x, b0 + y})
	}
	out := make([]step, len(rev))
	for i, s := range rev {
		out[len(rev)-1-i] = s
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
