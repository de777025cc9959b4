from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from smartcity.service_requests import services
from smartcity.service_requests.models import RequestUpdate, ServiceCategory, ServiceRequest
from tests.conftest import CHISINAU
from tests.factories import service_request_submit


def test_a_report_is_routed_to_its_categorys_department(balti):
    request = service_request_submit(
        category="container-overflow", attributes={"container_type": "plastic"}
    )
    assert request.department.slug == "salubrizare"
    assert request.district.slug == "centru"
    assert request.status == "open"
    assert request.tracking_code.startswith("BL-")
    assert request.updates.get().kind == RequestUpdate.Kind.CREATED


def test_report_outside_city_is_rejected(balti):
    with pytest.raises(ValidationError) as error:
        service_request_submit(latitude=CHISINAU[0], longitude=CHISINAU[1])
    assert "în afara municipiului Bălți" in str(error.value)
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize(
    "latitude, longitude",
    [("abc", 27.9), (91, 27.9), (47.7, 181), (float("nan"), 27.9), (None, None)],
)
def test_impossible_coordinates_are_rejected(balti, latitude, longitude):
    with pytest.raises(ValidationError):
        service_request_submit(latitude=latitude, longitude=longitude)


def test_a_required_extra_question_must_be_answered(balti):
    with pytest.raises(ValidationError) as error:
        service_request_submit(category="container-overflow")
    assert "container_type" in error.value.message_dict


def test_a_list_answer_must_be_one_of_the_choices(balti):
    with pytest.raises(ValidationError):
        service_request_submit(
            category="container-overflow", attributes={"container_type": "uranium"}
        )


def test_number_answers_accept_a_decimal_comma(balti):
    request = service_request_submit(
        category="no-heating", attributes={"block": "str. Kiev 10, sc. 2", "flats_affected": "12,0"}
    )
    assert request.attributes == {"block": "str. Kiev 10, sc. 2", "flats_affected": 12.0}


def test_html_is_kept_as_text_and_control_characters_are_dropped(balti):
    request = service_request_submit(description="<script>alert(1)</script>\x00 felinar stins")
    assert request.description == "<script>alert(1)</script> felinar stins"


def test_an_empty_description_is_refused(balti):
    with pytest.raises(ValidationError) as error:
        service_request_submit(description="   ")
    assert "description" in error.value.message_dict


def test_an_inactive_category_takes_no_reports(balti):
    ServiceCategory.objects.filter(code="pothole").update(is_active=False)
    with pytest.raises(ValidationError):
        service_request_submit(category="pothole")


def _jpeg_with_gps(size=(3000, 2000)) -> io.BytesIO:
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (47.0, 45.0, 42.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


def test_photos_are_resized_and_stripped_of_location(balti):
    draft = services.RequestDraft(
        category=ServiceCategory.objects.get(code="pothole"),
        description="Groapă mare",
        latitude=47.7617,
        longitude=27.9289,
    )
    request = services.request_submit(draft=draft, photos=[_jpeg_with_gps()])
    photo = request.photos.get()
    assert max(photo.width, photo.height) == 1600
    with photo.image.open() as stored, Image.open(stored) as image:
        assert not image.getexif()


def test_a_fake_image_is_refused_and_nothing_is_stored(balti):
    fake = io.BytesIO(b"<?php echo 'not an image'; ?>")
    fake.name = "photo.jpg"
    draft = services.RequestDraft(
        category=ServiceCategory.objects.get(code="pothole"),
        description="Groapă mare",
        latitude=47.7617,
        longitude=27.9289,
    )
    with pytest.raises(ValidationError):
        services.request_submit(draft=draft, photos=[fake])
    assert ServiceRequest.objects.count() == 0


def test_a_decompression_bomb_is_refused(balti):
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, format="PNG")
    bomb.seek(0)
    draft = services.RequestDraft(
        category=ServiceCategory.objects.get(code="pothole"),
        description="Groapă mare",
        latitude=47.7617,
        longitude=27.9289,
    )
    with pytest.raises(ValidationError):
        services.request_submit(draft=draft, photos=[bomb])
