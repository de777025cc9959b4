"""The Open311 GeoReport v2 API (with mySociety's request-updates extension)."""
