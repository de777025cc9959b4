from __future__ import annotations


class Open311Error(Exception):
    """One or more problems reported in GeoReport's error format with one HTTP status."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions)
