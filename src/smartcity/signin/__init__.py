"""Signing in: the second factor (TOTP) for staff who see residents' personal data."""
