"""Collaboration between the city hall and its partners: needs, ideas, letters, projects."""
