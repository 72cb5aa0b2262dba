"""Romanian plates: what people type becomes one canonical form, or a clear Romanian refusal."""

import pytest
from django.core.exceptions import ValidationError

from primaria.parking.plates import clean_plate, display


@pytest.mark.parametrize("typed, canonical, shown", [
    ("TM 07 XYZ", "TM07XYZ", "TM 07 XYZ"),
    ("tm-07-xyz", "TM07XYZ", "TM 07 XYZ"),
    ("  cj.12.abc ", "CJ12ABC", "CJ 12 ABC"),
    ("B 123 ABC", "B123ABC", "B 123 ABC"),
    ("b12abc", "B12ABC", "B 12 ABC"),
    ("IS\t99 ZZZ", "IS99ZZZ", "IS 99 ZZZ"),
    ("ag 01 bev", "AG01BEV", "AG 01 BEV"),
])
def test_plates_are_normalised(typed, canonical, shown):
    assert clean_plate(typed) == canonical
    assert display(canonical) == shown


@pytest.mark.parametrize("typed, says", [
    ("", "Scrieți numărul de înmatriculare"),
    ("B 012345", "Numerele provizorii (roșii)"),
    ("TM 012345", "Numerele provizorii (roșii)"),
    ("XX 07 ABC", "„XX” nu este indicativul unui județ"),
    ("TM 123 ABC", "Numai numerele din București au trei cifre"),
    ("TM 00 ABC", "cifrele „00”"),
    ("TM 07 QAB", "nu conțin Q"),
    ("TM 07 IAB", "nu încep cu I sau O"),
    ("D-AB 1234", "nu are forma unui număr românesc"),
    ("CD 123 456", "nu are forma unui număr românesc"),
])
def test_bad_plates_are_refused_with_a_reason(typed, says):
    with pytest.raises(ValidationError) as refused:
        clean_plate(typed)
    assert says in refused.value.messages[0]
