// Package billing renders invoices.
package billing

import (
	"context"
	"fmt"

	"example.com/shop/internal/feature"
)

// Invoice renders the invoice of an order.
func Invoice(ctx context.Context, orderID string, total int) []byte {
	legacy := feature.Enabled(ctx, "legacy_invoice_pdf")
	if legacy {
		return legacyPDF(orderID, total)
	}
	return []byte(fmt.Sprintf("INVOICE %s\nTOTAL %d.%02d\n", orderID, total/100, total%100))
}

// legacyPDF is the engine the shop is moving away from.
func legacyPDF(orderID string, total int) []byte {
	return []byte(fmt.Sprintf("%%PDF-1.4 %s %d", orderID, total))
}
