"""Events: PLOVER actor–action–target records from Persian sentences, their dates and their exports.

`didban.events.extract` finds the events (used by the ``events`` stage), `didban.events.dates` resolves
date expressions against the publication date, `didban.events.export` writes PLOVER JSON and GDELT-style rows.
"""
