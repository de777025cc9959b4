"""The NGSI-LD API of the data hub (ETSI GS CIM 009), at /ngsi-ld/v1/."""
