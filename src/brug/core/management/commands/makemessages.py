"""Django's makemessages with Brug's settings for its catalogues.

No fuzzy matching: a new English text gets an empty Dutch translation (which the translation
check reports) instead of a guessed one marked fuzzy. Locations are file names only, so line
moves do not churn the catalogues and merges conflict less.
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
    xgettext_options = [*makemessages.Command.xgettext_options, "--sort-output"]
