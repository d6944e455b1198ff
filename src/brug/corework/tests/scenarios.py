"""Permission-matrix scenarios for core-work records (see brug/core/testing/matrix.py)."""

from __future__ import annotations

from brug.core.testing.matrix import ActorContext, scenario
from brug.corework.tests.factories import TrainingRecordFactory
from brug.covenants.tests.scenarios import _covenant_for


@scenario("corework.trainingrecord")
def training_record(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    built = _covenant_for(relation, actor)
    if built is None:
        return None
    covenant, has = built
    return TrainingRecordFactory(covenant=covenant), has
