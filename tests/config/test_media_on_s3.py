"""Report photos kept in an S3-compatible bucket (django-storages), here a moto server
speaking S3 over HTTP on this machine."""

from __future__ import annotations

import re
import socket
import urllib.request
import uuid
from html import unescape

import boto3
import pytest
from moto.server import ThreadedMotoServer

from smartcity.config.env import MediaStorage
from smartcity.config.storage import media_storage
from smartcity.service_requests.models import ServiceRequest
from tests.service_requests.web.test_reporting import _form, _photo


@pytest.fixture
def s3_media(settings, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # moto keeps its buckets per process, whichever server is asked: one bucket per test.
    bucket_name = f"primaria-balti-{uuid.uuid4().hex[:8]}"
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    media = MediaStorage(
        backend="s3",
        root=tmp_path,
        s3_bucket=bucket_name,
        s3_endpoint_url=endpoint,
        s3_region="eu-central-1",
        s3_access_key_id="platforma",
        s3_secret_access_key="cheie-secreta",
        s3_url_seconds=600,
    )
    bucket = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=media.s3_region,
        aws_access_key_id=media.s3_access_key_id,
        aws_secret_access_key=media.s3_secret_access_key,
    )
    bucket.create_bucket(
        Bucket=bucket_name, CreateBucketConfiguration={"LocationConstraint": media.s3_region}
    )
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(media)}
    yield bucket, bucket_name
    server.stop()


def test_a_report_photo_is_stored_in_the_bucket_and_shown_by_a_signed_link(client, balti, s3_media):
    bucket, name_of_bucket = s3_media
    assert client.post("/requests/new/", {**_form(), "photos": [_photo()]}).status_code == 302
    request = ServiceRequest.objects.get()
    name = request.photos.get().image.name
    stored = bucket.get_object(Bucket=name_of_bucket, Key=name)["Body"].read()
    assert stored[:3] == b"\xff\xd8\xff"  # the resized JPEG, not a placeholder

    page = client.get(f"/requests/{request.tracking_code}/").content.decode()
    link = unescape(re.search(r'<img src="([^"]+)"', page).group(1))
    assert link.startswith(f"{bucket.meta.endpoint_url}/{name_of_bucket}/")
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=600" in link
    with urllib.request.urlopen(link, timeout=10) as answer:
        assert answer.read() == stored


def test_two_photos_of_the_same_name_are_both_kept(client, balti, s3_media):
    bucket, name_of_bucket = s3_media
    for n in range(2):
        client.post("/requests/new/", {**_form(submission=f"s{n}"), "photos": [_photo()]})
    names = [r.photos.get().image.name for r in ServiceRequest.objects.all()]
    assert len(set(names)) == 2
    listed = bucket.list_objects_v2(Bucket=name_of_bucket)["Contents"]
    assert {o["Key"] for o in listed} == set(names)
