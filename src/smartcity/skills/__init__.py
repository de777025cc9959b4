"""The skills study: which IT and engineering qualifications the city's enterprises need."""
