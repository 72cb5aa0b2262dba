"""The API's JSON parser: the checks of primaria.core.middleware, then the standard library's parser.

The middleware already refuses these bodies for every request that comes over HTTP; the parser repeats
the checks so that the API never depends on a middleware being in place (a view called directly, a
deployment with a different MIDDLEWARE), and answers a body that is not JSON in Romanian.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from primaria.core.middleware import JSON, Refusal, check_json, decode


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = decode(stream.read() if stream is not None else b"", encoding, JSON)
            check_json(text)
        except Refusal as refusal:
            raise ParseError(refusal.message, code="unreadable_input") from None
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            if hasattr(exc, "lineno"):
                message = _("Corpul cererii nu este JSON valid (linia %(line)s, coloana %(column)s). Verificați "
                            "ghilimelele, virgulele și parantezele.") % {"line": exc.lineno, "column": exc.colno}
            else:
                message = _("Corpul cererii nu este JSON valid. Verificați ghilimelele, virgulele și parantezele.")
            raise ParseError(message, code="invalid_json") from None
