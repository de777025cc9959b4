from tests.devices.conftest import _fresh_caches, _frozen  # noqa: F401 - the same clean, frozen start
