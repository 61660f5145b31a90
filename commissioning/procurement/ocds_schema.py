"""OCDS 1.1.5 validation with the UK (Find a Tender) extension applied, offline.

Why this exists: what we publish must validate against the schema that readers of Find a Tender
data apply, which is the OCDS 1.1.5 release schema patched by the UK extension and the extensions
it builds on. Everything is vendored under `data/ocds/` (see its SOURCE.md for commits and
licences), so validation never touches the network and does not drift when an upstream `master`
branch moves.

What `validate_package` checks, beyond the JSON Schema (Draft 4) itself:

* `format`: `date-time` (RFC 3339, offset required) and `uri` (a minimal RFC 3986 check: a
  scheme, no spaces or characters URIs may not hold, well-formed %-escapes). Written here because
  jsonschema only checks these when the optional `rfc3339-validator` and `rfc3987` packages are
  installed, and they are not.
* closed codelists (`"openCodelist": false`): the value must be a code of the CSV, after the
  extensions' `+name.csv` additions and `-name.csv` removals.
* rules the schema cannot express: the ocid prefix, release ids unique per ocid within the
  package, and every organization reference (buyer, procuringEntity, tenderers, suppliers, payer,
  payee, and the extensions' ones) naming an entry of the release's `parties`.

No Django imports: this is used by the publisher, by tests and by the benchmark alike.
"""

from __future__ import annotations

import copy
import csv
import datetime
import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jsonschema import Draft4Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

DATA = Path(__file__).resolve().parent / "data" / "ocds"
RELEASE_SCHEMA_ID = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
PACKAGE_SCHEMA_ID = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"


@dataclass(frozen=True)
class Extension:
    """One vendored extension: its folder under data/ocds/, where it came from, and the commit."""

    name: str
    repository: str
    ref: str  # the branch or tag the upstream declares (what FTS or the UK extension points at)
    commit: str

    @property
    def url(self) -> str:
        """The extension.json URL pinned to the commit we validated against."""
        return f"https://raw.githubusercontent.com/{self.repository}/{self.commit}/extension.json"


# Applied in this order; the UK extension last, because it patches definitions the others create
# (FrameworkAgreement, Communication, Suitability, PerformanceFailure...). Keep in step with SOURCE.md.
EXTENSIONS: tuple[Extension, ...] = (
    Extension("ocds_location_extension", "open-contracting-extensions/ocds_location_extension", "master",
              "fcd56abaea4214d7f4d712087be32141badbe60c"),
    Extension("ocds_bid_extension", "open-contracting-extensions/ocds_bid_extension", "v1.1.5",
              "d9b771e058917e23ba028b00e94490e9f177ec8c"),
    Extension("ocds_lots_extension", "open-contracting-extensions/ocds_lots_extension", "master",
              "8d3b52eb26ce0f1a015c91b665c120b17ef619a0"),
    Extension("ocds_awardCriteria_extension", "open-contracting-extensions/ocds_awardCriteria_extension", "master",
              "9391240f353e8536992938fe9f7987cd89235331"),
    Extension("ocds_communication_extension", "open-contracting-extensions/ocds_communication_extension", "master",
              "57a1567a85b9480ca10210fabbdbbbea5378f3f9"),
    Extension("ocds_otherRequirements_extension", "open-contracting-extensions/ocds_otherRequirements_extension",
              "master", "143e56e3166073b5d317826a745e46b9889e379b"),
    Extension("ocds_performance_failures_extension",
              "open-contracting-extensions/ocds_performance_failures_extension", "master",
              "ba848ad627309a76e19a5ed9281ade5dbe080915"),
    Extension("ocds_subcontracting_extension", "open-contracting-extensions/ocds_subcontracting_extension", "master",
              "65d06d0af7e5dc56f0f28beb54e5d7dc5d9155e7"),
    Extension("ocds_suitability_extension", "open-contracting-extensions/ocds_suitability_extension", "master",
              "271f51cef1160e66d8952a7e683f1d8375efcc95"),
    Extension("ocds_submissionTerms_extension", "open-contracting-extensions/ocds_submissionTerms_extension",
              "master", "449ade63333a50f1e8cd2b0704c0a3c5e329a8a8"),
    Extension("ocds_techniques_extension", "open-contracting-extensions/ocds_techniques_extension", "master",
              "5568b00a8dd694a3d34441bdd9ef2bd3f9d44b11"),
    Extension("ocds_uk_extension", "cabinetoffice/ocds_uk_extension", "main",
              "aa0e43b84dfad0cb9b839a8135e0bc4b285d32fc"),
)  # fmt: skip


# --- building the schemas -------------------------------------------------------------------------


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: returns a new document; `target` is not modified (the parts the
    patch leaves alone are shared with it, not copied).

    Objects merge key by key, a `null` in the patch deletes the key, anything else (arrays
    included) replaces. This is how OCDS extensions patch the release schema."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def _release_schema() -> dict:
    schema = _load_json(DATA / "release-schema.json")
    for extension in EXTENSIONS:
        schema = merge_patch(schema, _load_json(DATA / extension.name / "release-schema.json"))
    return schema


@functools.cache
def _package_schema() -> dict:
    schema = _load_json(DATA / "release-package-schema.json")
    # Embedded rather than referenced by URL, so the package schema is usable on its own by any
    # Draft 4 validator; its `id` keeps the release schema's own "#/definitions/..." refs local.
    # Its `$schema` goes: it means nothing below the root, and jsonschema would switch to the
    # plain Draft4Validator there (dropping our `codelist` keyword) on seeing it.
    release = dict(_release_schema())
    del release["$schema"]
    schema["properties"]["releases"]["items"] = release
    return schema


def release_schema() -> dict:
    """The OCDS 1.1.5 release schema with the vendored extensions merged in (a copy: mutate freely)."""
    return copy.deepcopy(_release_schema())


def package_schema() -> dict:
    """The 1.1.5 release package schema whose `releases.items` is the patched release schema (a copy)."""
    return copy.deepcopy(_package_schema())


# --- codelists ------------------------------------------------------------------------------------


def _codes(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["Code"] for row in csv.DictReader(handle)}


@functools.cache
def codelists() -> Mapping[str, frozenset[str]]:
    """Every codelist by file name: the core ones, then each extension's new or replacing lists,
    then its `+name.csv` additions and `-name.csv` removals (in the EXTENSIONS order)."""
    lists: dict[str, set[str]] = {path.name: _codes(path) for path in (DATA / "codelists").glob("*.csv")}
    changes: list[tuple[str, str, set[str]]] = []
    for extension in EXTENSIONS:
        for path in sorted((DATA / extension.name / "codelists").glob("*.csv")):
            if path.name[0] in "+-":
                changes.append((path.name[0], path.name[1:], _codes(path)))
            else:
                lists[path.name] = _codes(path)
    for sign, name, codes in changes:
        if name not in lists:
            raise LookupError(f"{sign}{name} changes a codelist that no vendored schema provides")
        if sign == "+":
            lists[name] |= codes
        else:
            lists[name] -= codes
    return MappingProxyType({name: frozenset(codes) for name, codes in lists.items()})


def _closed_codelists(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if schema.get("openCodelist") is False and "codelist" in schema:
            yield schema["codelist"]
        for value in schema.values():
            yield from _closed_codelists(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _closed_codelists(value)


def _codelist(validator: Any, name: str, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """The `codelist` keyword: only closed codelists are enforced; null is left to `type`."""
    if schema.get("openCodelist") is not False:
        return
    codes = codelists()[name]
    if isinstance(instance, str):
        if instance not in codes:
            yield ValidationError(f"{instance!r} is not a code of the closed codelist {name}")
    elif isinstance(instance, list):
        for index, item in enumerate(instance):
            if isinstance(item, str) and item not in codes:
                yield ValidationError(
                    f"{item!r} is not a code of the closed codelist {name}", path=[index], instance=item
                )


# --- formats --------------------------------------------------------------------------------------

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))", re.ASCII
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", re.ASCII)
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _is_date_time(instance: object) -> bool:
    """RFC 3339 date-time with an offset (OCDS requires one); the date itself must exist."""
    if not isinstance(instance, str):
        return True
    match = _DATE_TIME.fullmatch(instance)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(group) for group in match.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))  # 60: a leap second
    except ValueError:
        return False
    offset_hours = int(match.group(9) or 0)
    offset_minutes = int(match.group(10) or 0)
    return second <= 60 and offset_hours <= 23 and offset_minutes <= 59


def _is_uri(instance: object) -> bool:
    """A minimal RFC 3986 absolute-URI check (no IRIs: non-ASCII must be %-escaped)."""
    if not isinstance(instance, str):
        return True
    return bool(_URI.fullmatch(instance)) and not _BAD_ESCAPE.search(instance)


FORMAT_CHECKER = FormatChecker(formats=())
FORMAT_CHECKER.checks("date-time")(_is_date_time)
FORMAT_CHECKER.checks("uri")(_is_uri)


# --- validation -----------------------------------------------------------------------------------

_OCDSValidator = validators.extend(Draft4Validator, {"codelist": _codelist})


def _no_network(uri: str) -> Resource:
    raise NoSuchResource(ref=uri)


@functools.cache
def _validator() -> Any:
    missing = sorted(set(_closed_codelists(_release_schema())) - set(codelists()))
    if missing:
        raise LookupError(f"closed codelists used by the schema but not vendored: {', '.join(missing)}")
    registry = Registry(retrieve=_no_network).with_resources(
        [
            (RELEASE_SCHEMA_ID, DRAFT4.create_resource(_release_schema())),
            (PACKAGE_SCHEMA_ID, DRAFT4.create_resource(_package_schema())),
        ]
    )
    # Without the root `$schema` too, for the same reason (jsonschema's `evolve` picks the class
    # registered for a `$schema` over ours); the class itself says Draft 4.
    root = {key: value for key, value in _package_schema().items() if key != "$schema"}
    return _OCDSValidator(root, registry=registry, format_checker=FORMAT_CHECKER)


def _pointer(path: Any) -> str:
    return "/".join(str(part) for part in path) or "(root)"


def _sort_key(path: tuple) -> tuple:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in path)


_SHORT_MESSAGES = {
    "uniqueItems": "has non-unique elements",
    "enum": "is not one of the allowed values",
}


def _message(error: ValidationError) -> str:
    """jsonschema's message, unless it quotes a whole release or a long enum back at the reader."""
    if len(error.message) <= 300:
        return error.message
    if error.validator in _SHORT_MESSAGES:
        return _SHORT_MESSAGES[error.validator]
    if error.validator == "type":
        return f"is not of type {error.validator_value!r}"
    return f"fails {error.validator!r} ({error.message[:200]}...)"


def _schema_problems(package: dict) -> list[tuple[tuple, str]]:
    errors = list(_validator().iter_errors(package))
    # A closed-codelist field usually has an `enum` too: report the codelist's message only.
    codelist_paths = {tuple(error.absolute_path) for error in errors if error.validator == "codelist"}
    return [
        (tuple(error.absolute_path), _message(error))
        for error in errors
        if not (error.validator == "enum" and tuple(error.absolute_path) in codelist_paths)
    ]


@functools.cache
def _organization_reference_paths() -> tuple[tuple[str, ...], ...]:
    """Where the patched release schema holds an OrganizationReference, as key paths ("*" = each
    array item), e.g. ("awards", "*", "suppliers", "*"). Found from the schema, not listed by hand,
    so the extensions' references (lots' buyer, UK suppliersAdded, bid tenderers...) are included."""
    schema = _release_schema()
    definitions = schema["definitions"]
    found: list[tuple[str, ...]] = []

    def walk(node: Any, path: tuple[str, ...], seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        reference = node.get("$ref", "")
        if reference:
            name = reference.rsplit("/", 1)[-1]
            if name == "OrganizationReference":
                found.append(path)
            elif name in definitions and name not in seen:
                walk(definitions[name], path, seen | {name})
            return
        if "items" in node:
            walk(node["items"], (*path, "*"), seen)
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key), seen)

    walk(schema, (), frozenset())
    return tuple(sorted(set(found)))


def _at(value: Any, pattern: tuple[str, ...], path: tuple) -> Iterator[tuple[tuple, Any]]:
    if not pattern:
        yield path, value
    elif pattern[0] == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _at(item, pattern[1:], (*path, index))
    elif isinstance(value, dict) and pattern[0] in value:
        yield from _at(value[pattern[0]], pattern[1:], (*path, pattern[0]))


def _ocds_rule_problems(package: dict, ocid_prefix: str | None) -> Iterator[tuple[tuple, str]]:
    releases = package.get("releases")
    if not isinstance(releases, list):
        return
    first_seen: dict[tuple[str, str], int] = {}
    for index, release in enumerate(releases):
        if not isinstance(release, dict):
            continue
        here = ("releases", index)
        ocid, release_id = release.get("ocid"), release.get("id")
        if ocid_prefix and isinstance(ocid, str) and not ocid.startswith(ocid_prefix):
            yield (*here, "ocid"), f"{ocid!r} does not start with the ocid prefix {ocid_prefix!r}"
        if isinstance(ocid, str) and isinstance(release_id, str):
            earlier = first_seen.setdefault((ocid, release_id), index)
            if earlier != index:
                yield (
                    (*here, "id"),
                    f"release id {release_id!r} is used twice for ocid {ocid!r} (also releases/{earlier}/id)",
                )
        parties = release.get("parties")
        party_ids = {
            party["id"] for party in parties or () if isinstance(party, dict) and isinstance(party.get("id"), str)
        }
        for pattern in _organization_reference_paths():
            for path, reference in _at(release, pattern, here):
                party_id = reference.get("id") if isinstance(reference, dict) else None
                if isinstance(party_id, str) and party_id not in party_ids:
                    yield (*path, "id"), f"{party_id!r} is not the id of any entry in parties"


def validate_package(package: dict, ocid_prefix: str | None = None) -> list[str]:
    """Every problem with a release package, as "path: message" (path like releases/0/tender/status),
    sorted by path; an empty list means it is valid OCDS 1.1.5 with the vendored extensions.

    `ocid_prefix` (e.g. "ocds-h6vhtk-") is checked on every release when given."""
    problems = _schema_problems(package)
    problems.extend(_ocds_rule_problems(package, ocid_prefix))
    problems.sort(key=lambda problem: _sort_key(problem[0]))
    return [f"{_pointer(path)}: {message}" for path, message in problems]
