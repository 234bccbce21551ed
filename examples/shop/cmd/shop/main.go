// Command shop serves the shop's API on :8080.
package main

import (
	"log"
	"net/http"

	"example.com/shop/internal/api"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", api.Handler()))
}
