// Package checkout turns carts into orders.
package checkout

import (
	"context"
	"errors"
	"fmt"

	"example.com/shop/internal/feature"
)

// A Cart is what a customer is about to buy.
type Cart struct {
	Customer string
	Items    []string
	Total    int // cents
	GiftCard string
}

// An Order is a placed cart.
type Order struct {
	ID     string
	Steps  int // how many pages the customer went through
	Total  int
	Points int // loyalty points earned
}

// Service places orders.
type Service struct {
	next int
}

// PlaceOrder places the cart as an order.
func (s *Service) PlaceOrder(ctx context.Context, cart Cart) (Order, error) {
	if len(cart.Items) == 0 {
		return Order{}, errors.New("checkout: empty cart")
	}
	total := cart.Total
	if feature.Enabled(ctx, "gift_cards") && cart.GiftCard != "" {
		total -= giftCardValue(cart.GiftCard)
	}
	if feature.Enabled(ctx, "one_click_checkout") {
		return s.oneClick(cart, total), nil
	}
	return s.classic(cart, total), nil
}

// Points returns the loyalty points an order earns.
func Points(ctx context.Context, o Order) int {
	if !feature.Enabled(ctx, "loyalty_points") {
		return 0
	}
	return o.Total / 100
}

// oneClick places the order in a single step for returning customers.
func (s *Service) oneClick(cart Cart, total int) Order {
	s.next++
	return Order{ID: fmt.Sprintf("%s-%d", cart.Customer, s.next), Steps: 1, Total: total}
}

// classic walks the customer through address, shipping and payment pages.
func (s *Service) classic(cart Cart, total int) Order {
	s.next++
	return Order{ID: fmt.Sprintf("%s-%d", cart.Customer, s.next), Steps: 3, Total: total}
}

func giftCardValue(code string) int {
	if len(code) == 12 {
		return 1000
	}
	return 0
}

// Discount returns the discount in cents for a coupon code.
func Discount(ctx context.Context, code string) int {
	if feature.Enabled(ctx, "old_coupon_engine") {
		return len(code) * 10
	}
	return 0
}
