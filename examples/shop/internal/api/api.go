// Package api serves the shop's HTTP API.
package api

import (
	"context"
	"encoding/json"
	"net/http"

	"example.com/shop/internal/checkout"
	"example.com/shop/internal/feature"
	"example.com/shop/internal/search"
	"example.com/shop/internal/shipping"
)

// Handler returns the API's routes.
func Handler() http.Handler {
	var orders checkout.Service
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		if !feature.Enabled(r.Context(), "payment_gateway_kill_switch") {
			http.Error(w, "payments are paused", http.StatusServiceUnavailable)
			return
		}
		var cart checkout.Cart
		if err := json.NewDecoder(r.Body).Decode(&cart); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		order, err := orders.PlaceOrder(r.Context(), cart)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		writeJSON(w, order)
	})
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		results := search.Rank(r.Context(), r.URL.Query().Get("q"), nil)
		writeJSON(w, results)
	})
	mux.HandleFunc("GET /shipping", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, shipping.Options(r.Context(), r.URL.Query().Get("country")))
	})
	mux.HandleFunc("GET /features/{name}", func(w http.ResponseWriter, r *http.Request) {
		// Lets the front end ask about any flag: flagsweep cannot see
		// which ones.
		writeJSON(w, feature.Enabled(r.Context(), r.PathValue("name")))
	})
	mux.HandleFunc("POST /admin/prices", func(w http.ResponseWriter, r *http.Request) {
		if !feature.Enabled(r.Context(), "bulk_price_editor") {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /cart/layout", func(w http.ResponseWriter, r *http.Request) {
		layout := "classic"
		if feature.Enabled(r.Context(), "cart_sidebar_experiment") {
			layout = "sidebar"
		}
		writeJSON(w, layout)
	})
	mux.HandleFunc("GET /wishlist/share", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]bool{
			"sharing":   wishlistSharing(r.Context()),
			"dark_mode": feature.Enabled(r.Context(), "dark_mode"),
		})
	})
	return mux
}

func wishlistSharing(ctx context.Context) bool {
	return feature.Enabled(ctx, "wishlist_sharing")
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
