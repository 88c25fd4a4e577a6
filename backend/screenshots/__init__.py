"""Screenshots: checking and cleaning uploaded images, storing and serving them."""
