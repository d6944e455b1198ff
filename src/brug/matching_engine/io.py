"""JSON parsing, validation and serialisation.

Every problem raises ``InstanceError`` whose ``path`` names the field, for instance
``openings[3].capacity: must be a non-negative integer, got -1``.
"""

from __future__ import annotations

import json
from itertools import chain
from pathlib import Path
from typing import Any

try:  # optional accelerator: a C JSON codec; the standard library does the same work slower
    import orjson
except ImportError:  # pragma: no cover - orjson is a runtime dependency of Brug
    orjson = None  # type: ignore[assignment]

from brug.matching_engine.explain import explanation_to_dict
from brug.matching_engine.model import (
    Assignment,
    Comparison,
    Explanation,
    Instance,
    InstanceError,
    LearnerSpec,
    OpeningSpec,
    Result,
)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(path, f"must be an object, got {type(value).__name__}")
    return value


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(path, f"must be a list, got {type(value).__name__}")
    return value


def _id(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(path, f"must be a non-empty string, got {value!r}")
    return value


def _id_list(value: object, path: str) -> tuple[str, ...]:
    items = _list(value, path)
    return tuple(_id(item, f"{path}[{i}]") for i, item in enumerate(items))


def _learner(value: object, path: str) -> LearnerSpec:
    obj = _object(value, path)
    if "id" not in obj:
        raise InstanceError(f"{path}.id", "missing field")
    if "preferences" not in obj:
        raise InstanceError(f"{path}.preferences", "missing field")
    support = obj.get("support_need", False)
    if not isinstance(support, bool):
        raise InstanceError(f"{path}.support_need", f"must be true or false, got {support!r}")
    return LearnerSpec(
        _id(obj["id"], f"{path}.id"),
        _id_list(obj["preferences"], f"{path}.preferences"),
        support,
    )


def _opening(value: object, path: str) -> OpeningSpec:
    obj = _object(value, path)
    if "id" not in obj:
        raise InstanceError(f"{path}.id", "missing field")
    if "capacity" not in obj:
        raise InstanceError(f"{path}.capacity", "missing field")
    capacity = obj["capacity"]
    if not _is_int(capacity) or capacity < 0:
        raise InstanceError(
            f"{path}.capacity", f"must be a non-negative integer, got {json.dumps(capacity)}"
        )
    priority = obj.get("priority")
    return OpeningSpec(
        _id(obj["id"], f"{path}.id"),
        capacity,
        None if priority is None else _id_list(priority, f"{path}.priority"),
    )


def _ids_ok(values: object) -> bool:
    """A list of non-empty strings, checked at C speed (the common case of a valid file)."""
    return type(values) is list and set(map(type, values)) <= {str} and "" not in values


def _learners_fast(items: list[Any]) -> list[LearnerSpec] | None:
    """Every learner well-formed: build them column by column at C speed; else None (the
    careful path names the first problem with its field path)."""
    if not set(map(type, items)) <= {dict}:
        return None
    ids = [obj.get("id") for obj in items]
    prefs = [obj.get("preferences") for obj in items]
    support = [obj.get("support_need", False) for obj in items]
    if not set(map(type, ids)) <= {str} or "" in ids:
        return None
    if not set(map(type, prefs)) <= {list} or not set(map(type, support)) <= {bool}:
        return None
    entries = list(chain.from_iterable(prefs))
    if not set(map(type, entries)) <= {str} or "" in entries:
        return None
    return list(map(LearnerSpec, ids, map(tuple, prefs), support))


def _openings_fast(items: list[Any]) -> list[OpeningSpec] | None:
    openings: list[OpeningSpec] = []
    append = openings.append
    for obj in items:
        if type(obj) is not dict:
            return None
        oid = obj.get("id")
        capacity = obj.get("capacity")
        priority = obj.get("priority")
        if type(oid) is not str or not oid or type(capacity) is not int or capacity < 0:
            return None
        if priority is not None and not _ids_ok(priority):
            return None
        append(OpeningSpec(oid, capacity, None if priority is None else tuple(priority)))
    return openings


def parse_instance(data: object) -> Instance:
    """Validate a decoded JSON document and build an ``Instance``."""
    obj = _object(data, "$")
    for key in ("learners", "openings"):
        if key not in obj:
            raise InstanceError(key, "missing field")
    learner_items = _list(obj["learners"], "learners")
    opening_items = _list(obj["openings"], "openings")
    learners = _learners_fast(learner_items)
    if learners is None:
        learners = [_learner(item, f"learners[{i}]") for i, item in enumerate(learner_items)]
    openings = _openings_fast(opening_items)
    if openings is None:
        openings = [_opening(item, f"openings[{i}]") for i, item in enumerate(opening_items)]
    seed = obj.get("seed")
    if seed is not None and not _is_int(seed):
        raise InstanceError("seed", f"must be an integer, got {json.dumps(seed)}")
    share: float = 0.0
    reserve = obj.get("reserve")
    if reserve is not None:
        robj = _object(reserve, "reserve")
        if "share" not in robj:
            raise InstanceError("reserve.share", "missing field")
        raw = robj["share"]
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 1:
            raise InstanceError(
                "reserve.share", f"must be a number between 0 and 1, got {json.dumps(raw)}"
            )
        share = float(raw)
    return Instance(tuple(learners), tuple(openings), seed, share)


def _decode(raw: bytes) -> object:
    """Decode a JSON document. The fast codec handles well-formed files; anything it refuses
    (invalid UTF-8 or JSON, NaN, integers beyond 64 bits, lone surrogates) goes through the
    standard library, so accepted documents and error messages are exactly as before."""
    if orjson is not None:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
        else:
            if not _has_float_int_field(data):
                return data
    return json.loads(raw.decode("utf-8"))


def _has_float_int_field(data: object) -> bool:
    """The fast codec reads an integer beyond 64 bits as a float: where the schema wants an
    integer (seed, capacity), any float makes the standard library read the file again."""
    if type(data) is not dict:
        return False
    if type(data.get("seed")) is float:
        return True
    openings = data.get("openings")
    if type(openings) is not list:
        return False
    return float in {type(o.get("capacity")) for o in openings if type(o) is dict}


def load_instance(path: str | Path) -> Instance:
    """Read and parse an instance file; file and JSON problems become ``InstanceError``."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InstanceError(name, "file not found") from None
    except OSError as exc:
        raise InstanceError(name, f"cannot read file: {exc}") from None
    try:
        data = _decode(raw)
    except UnicodeDecodeError as exc:
        raise InstanceError(name, f"cannot read file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InstanceError(
            name, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    return parse_instance(data)


def _orjson_safe(value: object) -> bool:
    """True when the fast codec writes ``value`` byte for byte like ``json.dumps(...,
    ensure_ascii=False, indent=2)``: str keys, ints within 64 bits, floats in the range where
    both print the shortest round-trip digits without an exponent."""
    if isinstance(value, dict):
        return all(type(k) is str and _orjson_safe(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_orjson_safe(v) for v in value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**64
    if isinstance(value, float):
        return value == 0 or 1e-4 <= abs(value) < 1e15
    return False


def dumps_result(payload: dict[str, object]) -> bytes:
    """The CLI's output document, UTF-8, two-space indent, newline at the end."""
    rest = {k: v for k, v in payload.items() if k != "assignment"}
    if orjson is not None and _orjson_safe(rest):
        # The assignment holds only str keys and str/None values (checked by the codec).
        try:
            return orjson.dumps(payload, option=orjson.OPT_INDENT_2) + b"\n"
        except TypeError:  # e.g. a lone surrogate in an id: the standard library copes
            pass
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def stats_to_dict(result: Result) -> dict[str, object]:
    s = result.stats
    return {
        "learners": s.learners,
        "placed": s.placed,
        "unplaced": s.unplaced,
        "first_choice_share": s.first_choice_share,
        "top3_share": s.top3_share,
        "mean_rank": s.mean_rank,
        "rank_histogram": {str(rank): count for rank, count in s.rank_histogram.items()},
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, object]:
    return {
        "stable_placed": comparison.stable_placed,
        "coverage_placed": comparison.coverage_placed,
        "extra_placed": comparison.extra_placed,
        "blocking_pairs": comparison.coverage_blocking_pairs,
        "stable_mean_rank": comparison.stable_mean_rank,
        "coverage_mean_rank": comparison.coverage_mean_rank,
    }


def result_to_dict(
    result: Result,
    *,
    comparison: dict[str, object] | None = None,
    explanations: dict[str, Explanation] | None = None,
) -> dict[str, object]:
    """JSON-ready result: mode, seed, assignment, stats, comparison and optional explanations."""
    out: dict[str, object] = {
        "mode": result.mode,
        "seed": result.seed,
        "reserve": {"share": result.reserve_share},
        "assignment": (
            result.assignment.as_dict()
            if isinstance(result.assignment, Assignment)
            else dict(result.assignment)
        ),
        "stats": stats_to_dict(result),
        "comparison": comparison if comparison is not None else {},
    }
    if explanations is not None:
        out["explanations"] = {lid: explanation_to_dict(expl) for lid, expl in explanations.items()}
    return out
