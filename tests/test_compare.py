"""socialbiz_kit.compare is only a re-export of crosswalk, text and agreement, kept for existing code; the functions
are tested in tests/test_crosswalk.py, tests/test_text.py and tests/test_agreement.py."""
import pytest

from socialbiz_kit import agreement, compare, crosswalk, text


@pytest.mark.parametrize("name", compare.__all__)
def test_every_name_is_the_object_of_its_own_module(name):
    homes = [m for m in (crosswalk, text, agreement) if name in m.__all__]
    assert len(homes) == 1, name
    assert getattr(compare, name) is getattr(homes[0], name)


def test_a_call_through_compare_is_a_call_of_the_module():
    assert compare.map_stage(3) == crosswalk.map_stage(3) == (2, 3)
