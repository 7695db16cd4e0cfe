// Package lru is a least-recently-used cache bounded by the total cost of
// its entries: their number, or their bytes.
package lru

import "container/list"

// Cache keeps values by key, forgetting the least recently used when the
// total cost of its entries passes its bound. It is not safe for
// concurrent use: callers hold their own lock.
type Cache[K comparable, V any] struct {
	max     int
	cost    func(V) int
	used    int
	entries map[K]*list.Element // of *entry[K, V]
	order   *list.List          // most recently used first
}

type entry[K comparable, V any] struct {
	key   K
	value V
	cost  int
}

// New returns a cache that holds entries of total cost at most max;
// cost gives an entry's (nil: each costs 1, so max bounds their number).
func New[K comparable, V any](max int, cost func(V) int) *Cache[K, V] {
	if cost == nil {
		cost = func(V) int { return 1 }
	}
	return &Cache[K, V]{max: max, cost: cost, entries: map[K]*list.Element{}, order: list.New()}
}

// Get returns the value kept for key, and makes it the most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	el, ok := c.entries[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry[K, V]).value, true
}

// Add keeps value for key, in place of any value kept for it, as the most
// recently used; then it forgets the least recently used entries until
// the total cost is within the bound (value itself too, if it alone
// costs more).
func (c *Cache[K, V]) Add(key K, value V) {
	c.Remove(key)
	e := &entry[K, V]{key: key, value: value, cost: c.cost(value)}
	c.entries[key] = c.order.PushFront(e)
	c.used += e.cost
	for c.used > c.max && c.order.Len() > 0 {
		c.remove(c.order.Back())
	}
}

// Remove forgets key.
func (c *Cache[K, V]) Remove(key K) {
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
}

func (c *Cache[K, V]) remove(el *list.Element) {
	e := c.order.Remove(el).(*entry[K, V])
	delete(c.entries, e.key)
	c.used -= e.cost
}

// Clear forgets every entry.
func (c *Cache[K, V]) Clear() {
	clear(c.entries)
	c.order.Init()
	c.used = 0
}

// Len is the number of entries kept.
func (c *Cache[K, V]) Len() int { return c.order.Len() }

// Cost is the total cost of the entries kept.
func (c *Cache[K, V]) Cost() int { return c.used }
