// Package search ranks products for a query.
package search

import (
	"context"
	"sort"
	"strings"

	"example.com/shop/internal/feature"
)

// rankingFlag switches to the relevance model.
const rankingFlag = "new_search_ranking"

// A Result is one product matching a query.
type Result struct {
	Name   string
	Sales  int
	Rating float64
}

// Rank orders results for the query, best first.
func Rank(ctx context.Context, query string, results []Result) []Result {
	if !feature.Enabled(ctx, rankingFlag) {
		return legacyRank(results)
	}
	sort.SliceStable(results, func(i, j int) bool {
		return score(query, results[i]) > score(query, results[j])
	})
	return results
}

// legacyRank orders by sales alone.
func legacyRank(results []Result) []Result {
	sort.SliceStable(results, func(i, j int) bool { return results[i].Sales > results[j].Sales })
	return results
}

func score(query string, r Result) float64 {
	s := r.Rating * float64(r.Sales)
	if strings.Contains(strings.ToLower(r.Name), strings.ToLower(query)) {
		s *= 2
	}
	return s
}

// Recommend returns products to show beside a result.
func Recommend(ctx context.Context, r Result) []string {
	if feature.Enabled(ctx, "recommendations_v2") {
		return []string{r.Name + " (bundle)", r.Name + " (refill)"}
	}
	return nil
}
