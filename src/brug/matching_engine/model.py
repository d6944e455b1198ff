"""Immutable data model of the matching engine (no Django, no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from brug.matching_engine.compiled import Compiled, compile_instance

#: Progress callback: ``progress(done, total)``.
ProgressCallback = Callable[[int, int], None]


class InstanceError(ValueError):
    """An instance is malformed; ``path`` points at the offending field (``openings[3].capacity``)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True, slots=True)
class LearnerSpec:
    """A learner and its strict preference list over opening ids (best first)."""

    id: str
    preferences: tuple[str, ...]
    support_need: bool = False


@dataclass(frozen=True, slots=True)
class OpeningSpec:
    """An opening (workplace seat group) with a capacity and an optional strict priority list.

    ``priority`` lists the acceptable learners, best first; a learner not on it is not
    acceptable. ``None`` means: every learner who lists the opening is acceptable and the
    seeded lottery orders them.
    """

    id: str
    capacity: int
    priority: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Instance:
    """A validated matching instance. Construction validates and indexes it (ids -> ints)."""

    learners: tuple[LearnerSpec, ...]
    openings: tuple[OpeningSpec, ...]
    seed: int | None = None
    reserve_share: float = 0.0
    _compiled: Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "learners", tuple(self.learners))
        object.__setattr__(self, "openings", tuple(self.openings))
        object.__setattr__(self, "_compiled", compile_instance(self))

    @property
    def compiled(self) -> Compiled:
        """Integer-indexed form used by the algorithms."""
        return self._compiled

    @classmethod
    def build(
        cls,
        learners: Iterable[LearnerSpec],
        openings: Iterable[OpeningSpec],
        *,
        seed: int | None = None,
        reserve_share: float = 0.0,
    ) -> Instance:
        return cls(tuple(learners), tuple(openings), seed, reserve_share)


class Assignment(Mapping[str, "str | None"]):
    """Read-only learner id -> opening id (or ``None``) mapping backed by int arrays.

    Results of half a million learners are not materialised as a dict until asked for.
    """

    __slots__ = ("_assigned", "_learner_ids", "_learner_index", "_opening_ids")

    def __init__(self, compiled: Compiled, assigned: list[int]) -> None:
        self._learner_ids = compiled.learner_ids
        self._learner_index = compiled.learner_index
        self._opening_ids = compiled.opening_ids
        self._assigned = assigned

    def __getitem__(self, learner_id: str) -> str | None:
        opening = self._assigned[self._learner_index[learner_id]]
        return None if opening < 0 else self._opening_ids[opening]

    def __iter__(self) -> Iterator[str]:
        return iter(self._learner_ids)

    def __len__(self) -> int:
        return len(self._learner_ids)

    def __repr__(self) -> str:
        return f"Assignment({dict(self)!r})"

    def as_dict(self) -> dict[str, str | None]:
        """The whole mapping as a dict, built at C speed (-1, unplaced, picks the None)."""
        decode: list[str | None] = [*self._opening_ids, None]
        return dict(zip(self._learner_ids, map(decode.__getitem__, self._assigned), strict=True))

    def opening_ints(self, compiled: Compiled) -> list[int] | None:
        """The backing opening ints (-1 = unplaced) when built on ``compiled``, else None."""
        if self._learner_ids is compiled.learner_ids and self._opening_ids is compiled.opening_ids:
            return list(self._assigned)
        return None


@dataclass(frozen=True, slots=True)
class Stats:
    """Summary of a result. Shares are relative to *all* learners; ranks are 1-based."""

    learners: int
    placed: int
    unplaced: int
    first_choice_share: float
    top3_share: float
    mean_rank: float | None
    rank_histogram: Mapping[int, int]


@dataclass(frozen=True)
class Result:
    """An assignment learner id -> opening id (or ``None``) plus its statistics."""

    mode: str
    seed: int
    reserve_share: float
    assignment: Mapping[str, str | None]
    stats: Stats


@dataclass(frozen=True, slots=True)
class Comparison:
    """Stable versus coverage trade-off for one instance and seed."""

    seed: int
    stable_placed: int
    coverage_placed: int
    extra_placed: int
    coverage_blocking_pairs: int
    stable_mean_rank: float | None
    coverage_mean_rank: float | None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a learner did not get one preferred opening. ``params`` hold numbers only."""

    opening: str
    preference_rank: int
    code: str
    params: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Per-learner explanation: outcome, lottery number and a reason per better preference."""

    learner: str
    assigned: str | None
    assigned_rank: int | None
    lottery_number: int
    reasons: tuple[Reason, ...]
