package lru

import (
	"slices"
	"testing"
)

// keys lists c's keys, most recently used first.
func keys[K comparable, V any](c *Cache[K, V]) []K {
	var out []K
	for el := c.order.Front(); el != nil; el = el.Next() {
		out = append(out, el.Value.(*entry[K, V]).key)
	}
	return out
}

func TestCount(t *testing.T) {
	c := New[string, int](3, nil)
	for i, k := range []string{"a", "b", "c"} {
		c.Add(k, i)
	}
	if v, ok := c.Get("a"); !ok || v != 0 {
		t.Fatalf("Get(a) = %d, %v", v, ok)
	}
	c.Add("d", 3) // forgets b, the least recently used
	if got, want := keys(c), []string{"d", "a", "c"}; !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q", got, want)
	}
	if _, ok := c.Get("b"); ok {
		t.Error("b is still kept")
	}
	c.Add("c", 30) // replaces, does not grow
	if v, _ := c.Get("c"); v != 30 || c.Len() != 3 || c.Cost() != 3 {
		t.Errorf("after replacing c: %d, len %d, cost %d", v, c.Len(), c.Cost())
	}
	c.Remove("a")
	c.Remove("zz")
	if got, want := keys(c), []string{"c", "d"}; !slices.Equal(got, want) {
		t.Errorf("after Remove: keys %q, want %q", got, want)
	}
	c.Clear()
	if c.Len() != 0 || c.Cost() != 0 {
		t.Errorf("after Clear: len %d, cost %d", c.Len(), c.Cost())
	}
	if _, ok := c.Get("c"); ok {
		t.Error("Clear kept c")
	}
}

func TestCost(t *testing.T) {
	c := New[int, []byte](10, func(b []byte) int { return len(b) })
	c.Add(1, make([]byte, 4))
	c.Add(2, make([]byte, 4))
	c.Add(3, make([]byte, 4)) // 12 > 10: forgets 1
	if got, want := keys(c), []int{3, 2}; !slices.Equal(got, want) || c.Cost() != 8 {
		t.Errorf("keys %v cost %d, want %v and 8", got, c.Cost(), want)
	}
	c.Add(4, make([]byte, 11)) // too big alone: everything goes, itself too
	if c.Len() != 0 || c.Cost() != 0 {
		t.Errorf("after an entry over the bound: len %d, cost %d", c.Len(), c.Cost())
	}
	c.Add(5, make([]byte, 2))
	c.Add(5, make([]byte, 6))
	if c.Cost() != 6 || c.Len() != 1 {
		t.Errorf("after replacing 5: len %d, cost %d, want 1 and 6", c.Len(), c.Cost())
	}
}
