"""The Smart City platform of Bălți."""
