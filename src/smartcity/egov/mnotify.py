"""MNotify's REST API, as its integration guide describes it (egov-moldova/egov4dev,
docs/guides/mnotify: "Examples" and "API references").

POST {url}/Notification with a JSON body — `subject` and `body` by language (ro, en, ru),
`recipients` as [{"value": …, "type": …}], `priority` — answers the new notification's
id. The platform is known by its system certificate (TLS client authentication), its
address registered with MNotify. The recipient is the resident's IDNP (type "IDNP", as
the guide's identity resolution names it).
"""

from __future__ import annotations

import requests

from smartcity.config.env import MNotify


class MNotifyError(Exception):
    """MNotify did not take the notification (unreachable, refused, answered an error)."""


def notification_post(
    config: MNotify,
    *,
    recipient_idnp: str,
    subject: dict[str, str],
    body: dict[str, str],
    priority: str,
) -> str:
    """Hand one notification to MNotify; its id. Raises MNotifyError (the message names
    the kind of failure only, never the recipient)."""
    payload: dict[str, object] = {
        "subject": subject,
        "body": body,
        "recipients": [{"value": recipient_idnp, "type": "IDNP"}],
        "priority": priority,
    }
    try:
        response = requests.post(
            f"{config.url}/Notification",
            json=payload,  # type: ignore[arg-type]
            cert=(str(config.cert), str(config.key)),
            timeout=config.timeout,
        )
    except (requests.RequestException, OSError) as error:  # OSError: the certificate's files
        raise MNotifyError(type(error).__name__) from None
    if response.status_code != 200:
        raise MNotifyError(f"HTTP {response.status_code}")
    notification_id = response.text.strip().strip('"')
    if not notification_id or len(notification_id) > 64:
        raise MNotifyError("no notification id in the answer")
    return notification_id
