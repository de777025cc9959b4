"""Moldova's e-government services, integrated rather than rebuilt.

Each sits behind an interface of ours and is off unless configured (config/env.py):
- MPass (`smartcity.egov.mpass`): residents sign in through the government's SAML 2.0
  identity provider; their name and IDNP are kept (`MPassIdentity`) and read through
  `selectors.resident_identity`.
- MNotify (`smartcity.egov.notify`): notices to a resident known by IDNP, beside e-mail.
"""
