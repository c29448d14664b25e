package diff

import "testing"

func TestNormalizeName(t *testing.T) {
	prefixes := []string{"shopflow", "shop"}
	tests := []struct {
		a, b string
		same bool
	}{
		{"Order Service", "order-service", true},
		{"Order Service", "orders", true},
		{"ShopFlow WebApp", "webapp", true},
		{"Product Catalog", "product-catalog", true},
		{"Product Catalog", "productCatalogSvc", true},
		{"Product Images", "shopflow-product-images", true},
		{"Order Events", "shopflow-order-events-${var.env}", true},
		{"Payment Service", "payments-prod", true},
		{"API Gateway", "api-gateway", true},
		{"Order Service", "payment-service", false},
		{"Cart", "cart-cache", false},
		{"Address Book", "address-book", true},
	}
	for _, tt := range tests {
		ka, kb := normalizeName(tt.a, prefixes), normalizeName(tt.b, prefixes)
		if (ka == kb) != tt.same {
			t.Errorf("normalizeName(%q)=%q, normalizeName(%q)=%q; want same=%v", tt.a, ka, tt.b, kb, tt.same)
		}
	}
}
