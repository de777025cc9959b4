"""Sign-in with MPass, the government's SAML 2.0 identity provider, through djangosaml2.

What MPass sends follows its published integration guide (egov-moldova/egov4dev,
docs/guides/mpass: "Integration development" → "Returned attributes", and "API
references"): the resident's IDNP as the Subject's NameID ("NameIdentifier … should be
returned as NameID"), the names in the attributes `FirstName` and `LastName`, the e-mail
in `EmailAddress`; the Response is signed by MPass, the AuthnRequest by us.
"""
