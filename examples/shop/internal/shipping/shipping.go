// Package shipping lists the ways an order can travel.
package shipping

import (
	"context"

	"example.com/shop/internal/feature"
)

// Options returns the shipping options for a destination country.
func Options(ctx context.Context, country string) []string {
	opts := []string{"standard"}
	switch {
	case country == "":
		return nil
	case feature.Enabled(ctx, "express_shipping"):
		opts = append(opts, "express")
	}
	if feature.Enabled(ctx, "store_pickup_v0") {
		opts = append(opts, "pickup")
	}
	return opts
}

// SyncInventory runs one pass of the inventory sync worker.
func SyncInventory(ctx context.Context) int {
	if !feature.Enabled(ctx, "inventory_sync_worker") {
		return 0
	}
	return 1
}
