"""Every page and e-mail in English and Hungarian: nothing left out of the catalogs, every catalog complete.

One case per folder (app), so `pytest tests/i18n -k alerts` checks one app. docs/translations.md says how to
mark text and update the catalogs (scripts/messages.sh).
"""

import pytest

from .checks import catalog_problems, folders, python_problems, template_problems


def _report(problems):
    return "\n" + "\n".join(problems[:60]) + (f"\n… and {len(problems) - 60} more" if len(problems) > 60 else "")


@pytest.mark.parametrize("folder", folders())
def test_template_text_is_marked_for_translation(folder):
    problems = template_problems(folder)
    assert not problems, _report(problems)


@pytest.mark.parametrize("folder", folders())
def test_python_text_shown_to_people_is_marked_for_translation(folder):
    problems = python_problems(folder)
    assert not problems, _report(problems)


@pytest.mark.parametrize("folder", folders())
def test_the_english_and_hungarian_catalogs_are_current_and_complete(folder):
    problems = catalog_problems(folder)
    assert not problems, _report(problems)
