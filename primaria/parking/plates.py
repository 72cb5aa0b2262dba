"""Romanian registration plates: what a resident types becomes one canonical form, or a clear refusal.

A permanent plate is a county code, digits and three letters: "TM 07 XYZ" (two digits), and in Bucharest
"B 12 ABC" or "B 123 ABC". People type them with spaces, dashes, dots and in lower case; the platform keeps
them without separators, in capitals ("TM07XYZ"), and shows them as the plate reads ("TM 07 XYZ").

The three letters never contain Q and never begin with I or O (they would read as 1 and 0). Temporary
plates (red, the county and digits only: "B 012345") belong to a car not yet registered and get no
subscription; foreign, diplomatic and military plates are handled at the parking department's office.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COUNTIES = frozenset(
    "AB AR AG BC BH BN BT BV BR BZ CS CL CJ CT CV DB DJ GL GR GJ HR HD IL IS IF MM MH MS NT OT PH SM SJ SB SV "
    "TR TM TL VS VL VN B".split())

PERMANENT = re.compile(r"^([A-Z]{1,2})(\d{2,3})([A-Z]{3})$")
TEMPORARY = re.compile(r"^([A-Z]{1,2})0?\d{3,6}$")
SEPARATORS = re.compile(r"[\s\-\.·_/]+")

TEMPORARY_MESSAGE = (gettext_lazy("Numerele provizorii (roșii) nu pot primi abonament de parcare: cumpărați abonamentul după "
                     "înmatricularea definitivă a vehiculului."))
UNKNOWN_MESSAGE = (gettext_lazy("Numărul de înmatriculare nu are forma unui număr românesc: indicativul județului, cifre și trei "
                   "litere, de exemplu „TM 07 XYZ” sau „B 123 ABC”. Pentru numere străine sau speciale adresați-vă "
                   "Serviciului Parcări."))


def normalise(text: str) -> str:
    """The plate without spaces, dashes or dots, in capitals ("tm-07 xyz" -> "TM07XYZ"); not yet checked."""
    return SEPARATORS.sub("", (text or "").strip()).upper()


def clean_plate(text: str) -> str:
    """The canonical form of a permanent Romanian plate, or a ValidationError in Romanian saying why not."""
    plate = normalise(text)
    if not plate:
        raise ValidationError(_("Scrieți numărul de înmatriculare al vehiculului, de exemplu „TM 07 XYZ”."))
    match = PERMANENT.match(plate)
    if match:
        county, digits, letters = match.groups()
        if county not in COUNTIES:
            raise ValidationError(_("„%(county)s” nu este indicativul unui județ.") % {"county": county} + " " + str(UNKNOWN_MESSAGE))
        if len(digits) == 3 and county != "B":
            raise ValidationError(_("Numai numerele din București au trei cifre; în județe numărul are două cifre, "
                                  "de exemplu „TM 07 XYZ”."))
        if int(digits) == 0:
            raise ValidationError(_("Numărul de înmatriculare nu poate avea cifrele „00”."))
        if "Q" in letters or letters[0] in "IO":
            raise ValidationError(_("Literele unui număr de înmatriculare nu conțin Q și nu încep cu I sau O; "
                                  "verificați numărul scris."))
        return plate
    if TEMPORARY.match(plate) and re.match(r"^[A-Z]+", plate).group(0) in COUNTIES:
        raise ValidationError(TEMPORARY_MESSAGE)
    raise ValidationError(UNKNOWN_MESSAGE)


def display(plate: str) -> str:
    """A canonical plate as it reads: "TM07XYZ" -> "TM 07 XYZ"."""
    match = PERMANENT.match(plate or "")
    return " ".join(match.groups()) if match else (plate or "")
