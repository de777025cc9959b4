"""The back office where city staff and municipal enterprises handle service requests."""
