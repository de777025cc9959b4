"""The data hub's devices as an OGC SensorThings API v1.1 service (OGC 18-088), read-only."""
