package checkout

import (
	"context"
	"testing"

	"example.com/shop/internal/feature"
)

func TestPlaceOrder(t *testing.T) {
	tests := []struct {
		name     string
		oneClick bool
		steps    int
	}{
		{"one click", true, 1},
		{"classic", false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := feature.WithOverride(context.Background(), "one_click_checkout", tt.oneClick)
			var s Service
			o, err := s.PlaceOrder(ctx, Cart{Customer: "ada", Items: []string{"tea"}, Total: 500})
			if err != nil {
				t.Fatal(err)
			}
			if o.Steps != tt.steps {
				t.Errorf("steps = %d, want %d", o.Steps, tt.steps)
			}
		})
	}
}

func TestEmptyCart(t *testing.T) {
	var s Service
	if _, err := s.PlaceOrder(context.Background(), Cart{}); err == nil {
		t.Error("empty cart accepted")
	}
}
