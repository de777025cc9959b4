"""Where uploads are kept, as Django's STORAGES["default"], from the environment's choice."""

from __future__ import annotations

from smartcity.config.env import MediaStorage


def media_storage(media: MediaStorage) -> dict:
    if media.backend == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # A private bucket: photos and documents are reached through links signed for a while,
    # never by guessing a name, and an upload never replaces another of the same name.
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": media.s3_bucket,
            "endpoint_url": media.s3_endpoint_url or None,
            "region_name": media.s3_region or None,
            "access_key": media.s3_access_key_id or None,
            "secret_key": media.s3_secret_access_key or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": media.s3_url_seconds,
            "file_overwrite": False,
        },
    }
